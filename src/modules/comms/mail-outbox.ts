import { mkdir, open, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A message kept in the file outbox, as listed by {@link listOutbox}. */
export interface OutboxEntry {
  /** Absolute path of the .eml file; opens in any mail client. */
  file: string;
  /** When the message was composed, ISO 8601 (from the Date header, else the file's time). */
  date: string;
  to: string;
  subject: string;
  messageId: string;
}

export const outboxDir = (dataDir: string) => path.join(dataDir, 'mail', 'outbox');

/**
 * One organization's messages: `mail/outbox/orgs/<orgId>/`. The folder is the boundary the app's
 * outbox page reads, so an organization never lists another's mail, whatever the messages say.
 */
export function orgOutboxDir(dataDir: string, orgId: string): string {
  // Ids are generated (`org_01J…`); anything else must not become a path.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(orgId)) throw new Error(`not an organization id: ${orgId.slice(0, 80)}`);
  return path.join(outboxDir(dataDir), 'orgs', orgId);
}

// Two messages in the same millisecond would otherwise share a time prefix and list in random
// order; nudging the clock forward keeps file names in send order within this process.
let lastStamp = 0;

/**
 * Stores a composed RFC 5322 message as `<ISO-timestamp>-<message-id>.eml`. The timestamp uses
 * the ISO 8601 basic format (20250304T102030.123Z) because colons are not allowed in Windows
 * file names; it also makes names sort by time.
 */
export async function writeOutboxFile(
  dataDir: string,
  messageId: string,
  raw: Buffer,
  orgId?: string,
): Promise<string> {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  const stamp = new Date(lastStamp).toISOString().replace(/[-:]/g, '');
  const safeId =
    messageId
      .replace(/^<|>$/g, '')
      .replace(/[^A-Za-z0-9.@_-]/g, '_')
      .slice(0, 120) || 'message';
  const dir = orgId === undefined ? outboxDir(dataDir) : orgOutboxDir(dataDir, orgId);
  // Messages may carry password-reset and invitation links: readable by the server's user only.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${stamp}-${safeId}.eml`);
  // Written under another name, then renamed, so a crash never leaves half a message in the list.
  const partial = `${file}.partial`;
  await writeFile(partial, raw, { flag: 'wx', mode: 0o600 });
  await rename(partial, file);
  return file;
}

/** Messages stored in the file outbox of `dataDir`, newest first; empty when there are none. */
export async function listOutbox(dataDir: string): Promise<OutboxEntry[]> {
  const dir = outboxDir(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.eml'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries = await Promise.all(names.map((name) => readEntry(path.join(dir, name))));
  // The Date header has whole seconds only; the file name (millisecond stamp) breaks ties.
  return entries.sort((a, b) => b.date.localeCompare(a.date) || b.file.localeCompare(a.file));
}

// Headers of the messages we compose are a few hundred bytes; attachments can be megabytes.
const HEADER_READ_LIMIT = 64 * 1024;

async function readEntry(file: string): Promise<OutboxEntry> {
  const handle = await open(file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(HEADER_READ_LIMIT);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_READ_LIMIT, 0);
    head = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const headers = parseHeaders(head);
  const parsedDate = Date.parse(headers.get('date') ?? '');
  const date = Number.isNaN(parsedDate) ? (await stat(file)).mtime : new Date(parsedDate);
  return {
    file,
    date: date.toISOString(),
    to: decodeEncodedWords(headers.get('to') ?? ''),
    subject: decodeEncodedWords(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? '',
  };
}

/** The header block of a message (up to the first empty line), unfolded; first occurrence wins. */
export function parseHeaders(message: string): Map<string, string> {
  const block = message.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?Caf=C3=A9?=), as nodemailer writes non-ASCII headers. */
export function decodeEncodedWords(value: string): string {
  // Whitespace between two adjacent encoded words is folding, not content (RFC 2047 §6.2).
  const joined = value.replace(/\?=\s+(?==\?)/g, '?=');
  let out = '';
  let end = 0;
  // Adjacent words are decoded together: a B-encoded word may end in the middle of a UTF-8 character.
  let run: { charset: string; bytes: Buffer[]; words: string } | undefined;
  const flush = () => {
    if (run) out += decodeBytes(run.charset, Buffer.concat(run.bytes), run.words);
    run = undefined;
  };
  for (const match of joined.matchAll(ENCODED_WORD)) {
    const [word, rawCharset = '', encoding = '', text = ''] = match;
    // RFC 2231 allows a language suffix (UTF-8*en); TextDecoder wants the bare charset.
    const charset = rawCharset.split('*')[0]!.toLowerCase();
    if (match.index !== end || run?.charset !== charset) {
      flush();
      out += joined.slice(end, match.index);
    }
    run ??= { charset, bytes: [], words: '' };
    run.bytes.push(wordBytes(encoding, text));
    run.words += word;
    end = match.index + word.length;
  }
  flush();
  return out + joined.slice(end);
}

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  const latin1 = text
    .replace(/_/g, ' ')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(latin1, 'latin1');
}

function decodeBytes(charset: string, bytes: Buffer, original: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return original; // unknown charset: show the words encoded rather than garble them
  }
}
