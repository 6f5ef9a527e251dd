import { describe, expect, it } from 'vitest';
import { checkAttachment, cleanFileName, sniffAttachment } from './attachment.domain.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('sniffAttachment', () => {
  it('reads the type from the bytes, whatever the name says', () => {
    expect(sniffAttachment(bytes('%PDF-1.7\n'), 'photo.jpg')).toBe('application/pdf');
    expect(sniffAttachment(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 'scan.pdf')).toBe('image/jpeg');
    expect(sniffAttachment(bytes('GIF89a....'), 'x')).toBe('image/gif');
    expect(sniffAttachment(bytes('RIFF\0\0\0\0WEBPVP8 '), 'x')).toBe('image/webp');
  });

  it('names office documents by extension only inside a ZIP container', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(sniffAttachment(zip, 'Budget.XLSX')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(sniffAttachment(zip, 'archive.bin')).toBe('application/zip');
    expect(sniffAttachment(bytes('a,b\n1,2\n'), 'rows.csv')).toBe('text/csv');
    expect(sniffAttachment(bytes('a,b\n1,2\n'), 'rows.xlsx')).toBe('text/plain');
  });

  it('keeps nothing it does not recognise: executables, binary junk, text that is not UTF-8', () => {
    expect(sniffAttachment(new Uint8Array([0x4d, 0x5a, 0x90, 0]), 'setup.pdf')).toBeUndefined();
    expect(sniffAttachment(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0]), 'a.txt')).toBeUndefined();
    expect(sniffAttachment(new Uint8Array([0x66, 0xff, 0xfe, 0x41]), 'a.txt')).toBeUndefined();
  });
});

describe('checkAttachment', () => {
  it('refuses empty and unknown files with codes that name the file field', () => {
    expect(() => checkAttachment(new Uint8Array(), 'a.pdf')).toThrow(
      expect.objectContaining({ code: 'ATTACHMENT_EMPTY' }),
    );
    expect(() => checkAttachment(new Uint8Array([0, 1, 2]), 'a.bin')).toThrow(
      expect.objectContaining({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', details: { field: 'file' } }),
    );
  });
});

describe('cleanFileName', () => {
  it('drops paths, quotes and control characters, and never leaves a name empty', () => {
    expect(cleanFileName('C:\\Users\\ann\\po "7".pdf')).toBe('po 7.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\r\n.pdf')).toBe('ab.pdf');
    expect(cleanFileName('..')).toBe('attachment');
    expect(cleanFileName(undefined)).toBe('attachment');
    expect(cleanFileName(`${'x'.repeat(300)}.pdf`)).toHaveLength(200);
    expect(cleanFileName('Lieferschein Müller.pdf')).toBe('Lieferschein Müller.pdf');
  });
});
