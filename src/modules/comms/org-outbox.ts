import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { notFound } from '../../core/errors.ts';
import { decodeEncodedWords, orgOutboxDir, parseHeaders } from './mail-outbox.ts';

// One organization's file outbox, as the app shows it: newest first, a page at a time, with the
// names of the attachments; and one message as the .eml it was stored as.

export interface OrgOutboxMessage {
  /** The file name without `.eml`: `<timestamp>-<message-id>`, time-ordered. */
  id: string;
  /** When the message was composed, ISO 8601. */
  date: string;
  to: string;
  cc: string;
  subject: string;
  messageId: string;
  attachments: string[];
  /** The .eml's size in bytes. */
  size: number;
}

// What writeOutboxFile names files: a basic-format ISO stamp, a dash, a sanitized message id.
const ID = /^\d{8}T\d{6}\.\d{3}Z-[A-Za-z0-9.@_-]{1,120}$/;

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.eml')).map((n) => n.slice(0, -'.eml'.length));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Newest first; `cursor` is the last id of the previous page. */
export async function listOrgOutbox(
  dataDir: string,
  orgId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: OrgOutboxMessage[]; nextCursor: string | null }> {
  const dir = orgOutboxDir(dataDir, orgId);
  const ids = (await names(dir))
    .filter((id) => ID.test(id))
    .sort()
    .reverse()
    .filter((id) => page.cursor === undefined || id < page.cursor);
  const shown = ids.slice(0, page.limit);
  const items = await Promise.all(shown.map((id) => readMessage(path.join(dir, `${id}.eml`), id)));
  return { items, nextCursor: ids.length > page.limit ? (shown.at(-1) ?? null) : null };
}

/** The stored message; NOT_FOUND when this organization has no message with that id. */
export async function readOrgOutboxMessage(
  dataDir: string,
  orgId: string,
  id: string,
): Promise<{ fileName: string; bytes: Buffer }> {
  // The id must look like one we wrote: no separators, no dots-only names, so it cannot leave the folder.
  if (!ID.test(id)) throw notFound('outbox_message', id);
  try {
    const bytes = await readFile(path.join(orgOutboxDir(dataDir, orgId), `${id}.eml`));
    return { fileName: `${id}.eml`, bytes };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('outbox_message', id);
    throw error;
  }
}

async function readMessage(file: string, id: string): Promise<OrgOutboxMessage> {
  // Our messages are a few hundred KB at most (a PDF or two); read whole for the attachment names.
  const raw = (await readFile(file)).toString('utf8');
  const headers = parseHeaders(raw);
  const parsedDate = Date.parse(headers.get('date') ?? '');
  const date = Number.isNaN(parsedDate) ? (await stat(file)).mtime : new Date(parsedDate);
  return {
    id,
    date: date.toISOString(),
    to: decodeEncodedWords(headers.get('to') ?? ''),
    cc: decodeEncodedWords(headers.get('cc') ?? ''),
    subject: decodeEncodedWords(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? '',
    attachments: attachmentNames(raw),
    size: Buffer.byteLength(raw),
  };
}

/** The file names of a message's attachments, from each part's Content-Disposition. */
export function attachmentNames(raw: string): string[] {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  const out: string[] = [];
  for (const match of unfolded.matchAll(/^Content-Disposition:\s*attachment\b([^\r\n]*)/gim)) {
    const params = match[1] ?? '';
    // RFC 2231 (filename*=utf-8''Caf%C3%A9.pdf) first, then a plain or quoted filename.
    const extended = /filename\*=([^']*)'[^']*'([^;\s]+)/i.exec(params);
    if (extended) {
      try {
        out.push(decodeURIComponent(extended[2]!));
        continue;
      } catch {
        // fall through to the plain parameter
      }
    }
    const plain = /filename="([^"]*)"|filename=([^;\s]+)/i.exec(params);
    if (plain) out.push(decodeEncodedWords(plain[1] ?? plain[2] ?? ''));
  }
  return out;
}
