import { encodePng } from '../../demo/png.ts';

// Test images. The PNGs are real (and decodable); the JPEG and WebP files are real headers, which is
// all the server reads, followed by filler.

export const tinyPng = (width = 16, height = 8): Buffer =>
  encodePng(width, height, (x, y) => [x * 15, y * 30, 120, 255]);

/** A PNG signature and IHDR declaring the given size, without image data. */
export function pngHeader(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.set([8, 6, 0, 0, 0], 24);
  return bytes;
}

/** JFIF APP0, a comment, then a baseline start-of-frame with the size. */
export function jpegHeader(width: number, height: number): Buffer {
  const app0 = [
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0, 0,
  ];
  const comment = [0xff, 0xfe, 0x00, 0x05, 0x68, 0x69, 0x21];
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03];
  const components = [0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01];
  return Buffer.from([0xff, 0xd8, ...app0, ...comment, ...sof, ...components, 0xff, 0xd9]);
}

function riff(chunk: string, payload: number[]): Buffer {
  const bytes = Buffer.alloc(20 + Math.max(payload.length, 10));
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length - 8, 4);
  bytes.write('WEBP', 8, 'latin1');
  bytes.write(chunk, 12, 'latin1');
  bytes.writeUInt32LE(bytes.length - 20, 16);
  bytes.set(payload, 20);
  return bytes;
}

export const webpLossy = (width: number, height: number) =>
  riff('VP8 ', [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, width & 0xff, width >> 8, height & 0xff, height >> 8]);

export function webpLossless(width: number, height: number) {
  const bits = (width - 1) | ((height - 1) << 14);
  return riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff]);
}

export function webpExtended(width: number, height: number) {
  const [w, h] = [width - 1, height - 1];
  return riff('VP8X', [
    0x10,
    0,
    0,
    0,
    w & 0xff,
    (w >> 8) & 0xff,
    w >> 16,
    h & 0xff,
    (h >> 8) & 0xff,
    h >> 16,
  ]);
}
