import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface SentMail {
  transport: 'smtp' | 'file';
  messageId: string;
  file?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'file';
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

export const outboxDir = (dataDir: string) => path.join(dataDir, 'mail', 'outbox');

/**
 * Sends through SMTP when configured; otherwise writes each message as an .eml file in the data
 * dir, so nothing is lost on an install that has no mail server yet.
 */
export function createMailer(options: { smtpUrl?: string; from: string; dataDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      kind: 'smtp',
      async send(message) {
        try {
          const info = await transport.sendMail({ from: options.from, ...message });
          return { transport: 'smtp', messageId: info.messageId };
        } catch (error) {
          throw new Error(
            `The SMTP server could not be reached or refused the message: ${(error as Error).message}`,
            {
              cause: error,
            },
          );
        }
      },
      close: () => transport.close(),
    };
  }
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'file',
    async send(message) {
      const info = await composer.sendMail({ from: options.from, ...message });
      const dir = outboxDir(options.dataDir);
      mkdirSync(dir, { recursive: true });
      const safeId = info.messageId.replace(/[^A-Za-z0-9.-]/g, '_');
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeId}.eml`);
      writeFileSync(file, info.message as Buffer);
      return { transport: 'file', messageId: info.messageId, file };
    },
    close: () => composer.close(),
  };
}

export interface OutboxEntry {
  file: string;
  date: string;
  to: string;
  subject: string;
}

/** Messages written to the file outbox, newest first. */
export function listOutbox(dataDir: string): OutboxEntry[] {
  const dir = outboxDir(dataDir);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  return files
    .sort()
    .reverse()
    .map((name) => {
      const file = path.join(dir, name);
      const head = readFileSync(file, 'utf8')
        .split(/\n\n/, 1)[0]!
        .replace(/\n[ \t]+/g, ' ');
      const header = (key: string) => new RegExp(`^${key}: (.*)$`, 'im').exec(head)?.[1] ?? '';
      return { file, date: header('Date'), to: header('To'), subject: header('Subject') };
    });
}
