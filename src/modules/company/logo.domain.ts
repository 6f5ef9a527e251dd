import { AppError } from '../../core/errors.ts';

// What a company logo may be. Only raster formats a browser shows without running anything: an SVG
// served from our origin could carry script, so it is refused whatever it is called.

export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

export const LOGO_MAX_BYTES = 512 * 1024;
/** Per side. A small file can still decode to a huge bitmap; this keeps every viewer's memory safe. */
export const LOGO_MAX_SIDE = 4096;

export interface SniffedImage {
  type: LogoType;
  /** Undefined when the header is cut short or malformed. */
  size: { width: number; height: number } | undefined;
}

const NAMES: Record<LogoType, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' };

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | u16be(b, at + 2));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image type its first bytes declare (never the name or the Content-Type), with its pixel size. */
export function sniffImage(bytes: Uint8Array): SniffedImage | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return { type: 'image/png', size: pngSize(bytes) };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { type: 'image/jpeg', size: jpegSize(bytes) };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8))
    return { type: 'image/webp', size: webpSize(bytes) };
  return undefined;
}

function pngSize(b: Uint8Array) {
  // The first chunk is always IHDR: width and height as 32-bit big-endian.
  if (b.length < 24 || !startsWith(b, ascii('IHDR'), 12)) return undefined;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

// Start-of-frame markers carry the size; C4 (Huffman), C8 (reserved) and CC (arithmetic) do not.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array) {
  let at = 2;
  while (at + 3 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan data before a frame
    if (SOF.has(marker)) {
      if (at + 9 > b.length) return undefined;
      return { width: u16be(b, at + 7), height: u16be(b, at + 5) };
    }
    at += 2 + u16be(b, at + 2);
  }
  return undefined;
}

function webpSize(b: Uint8Array) {
  if (b.length < 30) return undefined;
  if (startsWith(b, ascii('VP8 '), 12)) {
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return undefined;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (startsWith(b, ascii('VP8L'), 12)) {
    if (b[20] !== 0x2f) return undefined;
    const bits = u16le(b, 21) + b[23]! * 0x10000 + b[24]! * 0x1000000;
    return { width: (bits & 0x3fff) + 1, height: (Math.floor(bits / 0x4000) & 0x3fff) + 1 };
  }
  if (startsWith(b, ascii('VP8X'), 12)) return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return undefined;
}

/** The media type without parameters, lower case: `Image/PNG; q=1` → `image/png`. */
export const mediaTypeOf = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase();

export const isLogoType = (type: string): type is LogoType =>
  (LOGO_TYPES as readonly string[]).includes(type);

export interface CheckedLogo {
  contentType: LogoType;
  width: number;
  height: number;
}

/**
 * Checks an uploaded logo: an accepted Content-Type, not empty, within the size limit, and bytes
 * that really are an image of the declared type with a sensible pixel size.
 */
export function checkLogo(contentType: string | undefined, bytes: Uint8Array): CheckedLogo {
  const declared = mediaTypeOf(contentType);
  if (!isLogoType(declared))
    throw new AppError(
      'unsupported_media_type',
      'LOGO_TYPE_UNSUPPORTED',
      declared === 'image/svg+xml'
        ? 'SVG logos are not accepted (an SVG can carry script); upload a PNG, JPEG or WebP image.'
        : `A logo must be sent as image/png, image/jpeg or image/webp${declared ? `, not ${declared}` : ' (no Content-Type was given)'}.`,
      { field: 'content-type', contentType: declared || null, allowed: [...LOGO_TYPES] },
    );
  if (bytes.byteLength === 0)
    throw new AppError('invalid', 'LOGO_EMPTY', 'The upload is empty; send the image file as the body.', {
      field: 'body',
    });
  if (bytes.byteLength > LOGO_MAX_BYTES) throw logoTooLarge(bytes.byteLength);
  const sniffed = sniffImage(bytes);
  if (sniffed?.type !== declared)
    throw new AppError(
      'invalid',
      'LOGO_CONTENT_MISMATCH',
      `The file was sent as ${declared} but ${sniffed ? `its content is a ${NAMES[sniffed.type]} image` : 'it is not a PNG, JPEG or WebP image'}.`,
      { field: 'body', declared, detected: sniffed?.type ?? null },
    );
  const { size } = sniffed;
  if (!size || size.width === 0 || size.height === 0)
    throw new AppError(
      'invalid',
      'LOGO_UNREADABLE',
      `The ${NAMES[declared]} image is damaged: its size cannot be read.`,
      { field: 'body' },
    );
  if (size.width > LOGO_MAX_SIDE || size.height > LOGO_MAX_SIDE)
    throw new AppError(
      'unprocessable',
      'LOGO_DIMENSIONS',
      `The image is ${size.width}×${size.height} pixels; a logo may be at most ${LOGO_MAX_SIDE} pixels on each side. Resize it and upload it again.`,
      { field: 'body', width: size.width, height: size.height, maxSide: LOGO_MAX_SIDE },
    );
  return { contentType: declared, width: size.width, height: size.height };
}

export const logoTooLarge = (byteSize?: number) =>
  new AppError(
    'too_large',
    'LOGO_TOO_LARGE',
    `A logo may be at most 512 KB (${LOGO_MAX_BYTES} bytes)${byteSize ? `; this one is ${byteSize} bytes` : ''}.`,
    { field: 'body', maxBytes: LOGO_MAX_BYTES, ...(byteSize ? { byteSize } : {}) },
  );
