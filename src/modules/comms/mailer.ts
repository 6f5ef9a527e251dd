import type { SendMailOptions } from 'nodemailer';
import nodemailer from 'nodemailer';
import { invalidSmtpUrl, type SmtpEndpoint, smtpSendFailed } from './errors.ts';
import { writeOutboxFile } from './mail-outbox.ts';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string | string[];
  cc?: string | string[];
  /** Where replies go (the company's address), when it is not the From address. */
  replyTo?: string;
  /**
   * The organization the message is sent for. The file outbox keeps it in that organization's
   * folder, so each organization sees only its own messages; without one (password resets) it
   * stays in the shared folder that only the server's operator reads.
   */
  orgId?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface SentMail {
  transport: 'smtp' | 'file';
  messageId: string;
  /** The .eml file the message was stored in (file transport only). */
  file?: string;
}

export interface Mailer {
  /** `smtp` when SMTP_URL is set, otherwise `file` (messages kept as .eml in the data dir). */
  readonly kind: 'smtp' | 'file';
  /** Rejects with an AppError (SMTP_UNREACHABLE, SMTP_AUTH_FAILED, SMTP_REJECTED, …) on failure. */
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:port or smtps://…; without it mail goes to `<dataDir>/mail/outbox/`. */
  smtpUrl?: string;
  from: string;
  dataDir: string;
}

// Nodemailer waits 2 minutes for a connection by default, which stalls the outbox worker on a
// dead host; the URL's query (?connectionTimeout=…) still overrides these.
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * Sends through SMTP when an SMTP URL is configured; otherwise writes each message as an .eml
 * file in the data dir, so nothing is lost on an install that has no mail server yet.
 */
export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl ? createSmtpMailer(options.smtpUrl, options.from) : createFileMailer(options);
}

// Only the fields we know are passed on: an object that happens to carry `envelope`, `headers`
// or attachment `path`s cannot redirect mail or read server files.
function toNodemailer(from: string, message: MailMessage): SendMailOptions {
  return {
    from,
    to: message.to,
    ...(message.cc === undefined ? {} : { cc: message.cc }),
    ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    attachments: (message.attachments ?? []).map(({ filename, content, contentType }) => ({
      filename,
      content,
      contentType,
    })),
  };
}

const NO_RESOURCE_ACCESS = { disableFileAccess: true, disableUrlAccess: true };

function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const endpoint = parseEndpoint(smtpUrl);
  const transport = nodemailer.createTransport({ ...SMTP_TIMEOUTS, ...NO_RESOURCE_ACCESS, url: smtpUrl });
  return {
    kind: 'smtp',
    async send(message) {
      try {
        const info = await transport.sendMail(toNodemailer(from, message));
        return { transport: 'smtp', messageId: info.messageId };
      } catch (error) {
        throw smtpSendFailed(error, endpoint);
      }
    },
    close: () => transport.close(),
  };
}

// Checked when the mailer is made, so a typo in SMTP_URL fails at start-up, not at the first mail.
function parseEndpoint(smtpUrl: string): SmtpEndpoint {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw invalidSmtpUrl('it is not a URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw invalidSmtpUrl(`the scheme must be smtp: or smtps:, not ${url.protocol}`);
  }
  if (!url.hostname) throw invalidSmtpUrl('it names no host');
  // Nodemailer's defaults: 465 for implicit TLS, 587 (submission, STARTTLS when offered) otherwise.
  const port = url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587;
  return { host: url.hostname, port };
}

function createFileMailer(options: MailerOptions): Mailer {
  // The stream transport composes exactly what SMTP would send (headers, MIME parts, CRLF lines).
  const composer = nodemailer.createTransport({
    ...NO_RESOURCE_ACCESS,
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });
  return {
    kind: 'file',
    async send(message) {
      const info = await composer.sendMail(toNodemailer(options.from, message));
      if (!Buffer.isBuffer(info.message))
        throw new Error('nodemailer returned a stream despite buffer: true');
      const file = await writeOutboxFile(options.dataDir, info.messageId, info.message, message.orgId);
      return { transport: 'file', messageId: info.messageId, file };
    },
    close: () => composer.close(),
  };
}
