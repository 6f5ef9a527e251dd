import { AppError } from '../../core/errors.ts';

// What may be attached: documents and images people keep beside a record (a signed delivery note,
// a purchase order, the photo of a bill). The type is read from the file's first bytes, never
// taken from the name or the Content-Type alone, and downloads are always served as attachments.

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_RECORD = 50;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Office documents are ZIP containers; the name's extension says which kind. */
const ZIP_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  zip: 'application/zip',
};
const TEXT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  xml: 'application/xml',
  eml: 'message/rfc822',
};

const extensionOf = (fileName: string) => /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';

/** Text without NUL bytes that decodes as UTF-8. */
function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The content type the bytes show, or undefined when they are nothing we keep. */
export function sniffAttachment(bytes: Uint8Array, fileName: string): string | undefined {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('ftypheic'), 4) || startsWith(bytes, ascii('ftypmif1'), 4)) return 'image/heic';
  const extension = extensionOf(fileName);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return ZIP_TYPES[extension] ?? 'application/zip';
  if (isText(bytes)) return TEXT_TYPES[extension] ?? 'text/plain';
  return undefined;
}

/**
 * A file name safe to store and to send back in Content-Disposition: no path, no control
 * characters, no quotes, at most 200 characters, never empty.
 */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base.normalize('NFC')]
    .filter((ch) => ch !== '"' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(-200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned;
}

const refuse = (status: 'invalid' | 'unsupported_media_type' | 'too_large', code: string, message: string) =>
  new AppError(status, code, message, { field: 'file' });

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'application/zip': 'zip',
  'text/plain': 'txt',
};

/** The name of a file uploaded without one: "attachment" with its type's usual extension. */
export const defaultFileName = (contentType: string) =>
  `attachment.${EXTENSIONS[contentType] ?? Object.entries(ZIP_TYPES).find(([, t]) => t === contentType)?.[0] ?? 'bin'}`;

/** The stored content type of an upload, or the 4xx that says what is wrong with it. */
export function checkAttachment(bytes: Uint8Array, fileName: string): string {
  if (bytes.byteLength === 0) throw refuse('invalid', 'ATTACHMENT_EMPTY', 'The file is empty.');
  if (bytes.byteLength > ATTACHMENT_MAX_BYTES)
    throw refuse('too_large', 'ATTACHMENT_TOO_LARGE', 'Attachments are at most 10 MB.');
  const type = sniffAttachment(bytes, fileName);
  if (!type)
    throw refuse(
      'unsupported_media_type',
      'ATTACHMENT_TYPE_NOT_ALLOWED',
      `${fileName} is not a PDF, an image (PNG, JPEG, WebP, GIF, HEIC), an office document or text.`,
    );
  return type;
}
