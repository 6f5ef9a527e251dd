import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { isBusinessDate } from '../../core/money.ts';
import {
  fiscalYearContaining,
  isCountryCode,
  isEmail,
  isFiscalYearStart,
  isPhone,
  normalizeWebsite,
} from './company.domain.ts';
import { checkLogo, LOGO_MAX_BYTES, sniffImage } from './logo.domain.ts';
import { jpegHeader, pngHeader, tinyPng, webpExtended, webpLossless, webpLossy } from './logo.fixtures.ts';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('company profile rules', () => {
  it('knows country codes', () => {
    for (const code of ['GB', 'DE', 'US', 'FR', 'JP', 'XK']) expect(isCountryCode(code), code).toBe(true);
    for (const code of ['gb', 'XX', 'ZZ', 'EU', 'UN', 'GBR', '', 'G', 42])
      expect(isCountryCode(code), String(code)).toBe(false);
  });

  it('accepts a fiscal year start only on a day every year has', () => {
    for (const ok of ['01-01', '04-06', '07-01', '12-31', '02-28'])
      expect(isFiscalYearStart(ok), ok).toBe(true);
    for (const bad of ['02-29', '02-30', '04-31', '13-01', '00-10', '01-00', '1-01', '01-1', '0101', ''])
      expect(isFiscalYearStart(bad), bad).toBe(false);
  });

  it('finds the fiscal year containing a date', () => {
    expect(fiscalYearContaining('2026-03-31', '04-06')).toEqual({ start: '2025-04-06', end: '2026-04-05' });
    expect(fiscalYearContaining('2026-04-06', '04-06')).toEqual({ start: '2026-04-06', end: '2027-04-05' });
    expect(fiscalYearContaining('2026-07-15', '01-01')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(fiscalYearContaining('2024-02-29', '03-01')).toEqual({ start: '2023-03-01', end: '2024-02-29' });
  });

  it('fiscal years tile the calendar: the date lies inside, and the next year starts the day after', () => {
    const day = fc
      .tuple(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
      )
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
      .filter(isBusinessDate);
    const start = fc
      .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
      .map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
      .filter(isFiscalYearStart);
    fc.assert(
      fc.property(day, start, (ymd, fys) => {
        const year = fiscalYearContaining(ymd, fys);
        expect(year.start <= ymd && ymd <= year.end).toBe(true);
        expect(year.start.slice(5)).toBe(fys);
        const next = new Date(`${year.end}T00:00:00Z`);
        next.setUTCDate(next.getUTCDate() + 1);
        expect(fiscalYearContaining(next.toISOString().slice(0, 10), fys).start).toBe(
          next.toISOString().slice(0, 10),
        );
      }),
    );
  });

  it('checks emails and phone numbers', () => {
    expect(isEmail('hello@acme.example')).toBe(true);
    for (const bad of ['hello', 'a@b', 'a b@c.example', 'a@b.c', '<a@b.example>'])
      expect(isEmail(bad), bad).toBe(false);
    for (const ok of ['+44 161 496 0000', '(555) 123-4567', '030/1234567', '+1 555 0100 ext. 12'])
      expect(isPhone(ok), ok).toBe(true);
    for (const bad of ['call me', '12', '+44 161 496 0000; drop table', '☎ 1234'])
      expect(isPhone(bad), bad).toBe(false);
  });

  it('normalizes websites and refuses what is not a public web address', () => {
    expect(normalizeWebsite('acme.example')).toBe('https://acme.example');
    expect(normalizeWebsite('https://www.Acme.example/')).toBe('https://www.acme.example');
    expect(normalizeWebsite('http://acme.example/shop?x=1')).toBe('http://acme.example/shop?x=1');
    expect(normalizeWebsite('bücher.example')).toBe('https://xn--bcher-kva.example');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<script>',
      'ftp://acme.example',
      'https://user:pw@acme.example',
      'https://localhost',
      'http://10.0.0.1',
      'acme',
      'acme .example',
      '',
    ])
      expect(normalizeWebsite(bad), bad).toBeUndefined();
  });
});

describe('logo checks', () => {
  it('reads the type and pixel size from the bytes', () => {
    expect(sniffImage(tinyPng(16, 8))).toEqual({ type: 'image/png', size: { width: 16, height: 8 } });
    expect(sniffImage(jpegHeader(640, 480))).toEqual({
      type: 'image/jpeg',
      size: { width: 640, height: 480 },
    });
    expect(sniffImage(webpLossy(300, 200))).toEqual({
      type: 'image/webp',
      size: { width: 300, height: 200 },
    });
    expect(sniffImage(webpLossless(4096, 1))).toEqual({
      type: 'image/webp',
      size: { width: 4096, height: 1 },
    });
    expect(sniffImage(webpExtended(5000, 70000))).toEqual({
      type: 'image/webp',
      size: { width: 5000, height: 70000 },
    });
    expect(sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImage(new Uint8Array([0x89, 0x50]))).toBeUndefined();
  });

  it('refuses, naming the problem', () => {
    const svg = new TextEncoder().encode('<svg onload="alert(1)"/>');
    expect(refusal(() => checkLogo('image/svg+xml', svg))).toMatchObject({
      kind: 'unsupported_media_type',
      code: 'LOGO_TYPE_UNSUPPORTED',
      message: expect.stringMatching(/SVG/),
    });
    expect(refusal(() => checkLogo(undefined, tinyPng())).code).toBe('LOGO_TYPE_UNSUPPORTED');
    expect(refusal(() => checkLogo('image/png', svg))).toMatchObject({
      code: 'LOGO_CONTENT_MISMATCH',
      details: { declared: 'image/png', detected: null },
    });
    expect(refusal(() => checkLogo('image/webp', jpegHeader(10, 10))).message).toBe(
      'The file was sent as image/webp but its content is a JPEG image.',
    );
    expect(refusal(() => checkLogo('image/png', new Uint8Array(0))).code).toBe('LOGO_EMPTY');
    expect(refusal(() => checkLogo('image/png', new Uint8Array(LOGO_MAX_BYTES + 1))).code).toBe(
      'LOGO_TOO_LARGE',
    );
    expect(refusal(() => checkLogo('image/png', pngHeader(4097, 10))).code).toBe('LOGO_DIMENSIONS');
    expect(refusal(() => checkLogo('image/png', pngHeader(0, 10))).code).toBe('LOGO_UNREADABLE');
    expect(refusal(() => checkLogo('image/png', tinyPng().subarray(0, 20))).code).toBe('LOGO_UNREADABLE');
    expect(refusal(() => checkLogo('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).code).toBe(
      'LOGO_UNREADABLE',
    );
  });

  it('accepts the three formats, whatever the case and parameters of the Content-Type', () => {
    expect(checkLogo('Image/PNG; charset=binary', tinyPng(4, 3))).toEqual({
      contentType: 'image/png',
      width: 4,
      height: 3,
    });
    expect(checkLogo('image/jpeg', jpegHeader(1, 1)).contentType).toBe('image/jpeg');
    expect(checkLogo('image/webp', webpExtended(4096, 4096)).contentType).toBe('image/webp');
  });

  it('never throws anything but a refusal on arbitrary bytes', () => {
    const prefixes = [
      [],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0xff, 0xd8, 0xff],
      [...'RIFF\0\0\0\0WEBP'].map((c) => c.charCodeAt(0)),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...prefixes),
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('image/png', 'image/jpeg', 'image/webp'),
        (prefix, rest, type) => {
          try {
            const ok = checkLogo(type, new Uint8Array([...prefix, ...rest]));
            expect(ok.width).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
