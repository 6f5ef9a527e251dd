import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string[];
  subject: string;
  /** The decoded text body. */
  text: string;
}

/** Decodes a quoted-printable body (soft line breaks, =XX bytes) as UTF-8. */
function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Enough of RFC 5322 for the single-part text mail Ordo sends: headers, then the decoded body. */
export function parseMail(to: string[], raw: string): CapturedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { to, subject: header('Subject'), text: text.replace(/\r\n/g, '\n') };
}

/** A real SMTP server on 127.0.0.1 that keeps every message it receives. */
export class Mailbox {
  readonly messages: CapturedMail[] = [];
  private readonly server: SMTPServer;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          this.messages.push(parseMail(to, Buffer.concat(chunks).toString('utf8')));
          callback();
        });
      },
    });
  }

  static async start(): Promise<Mailbox> {
    const box = new Mailbox();
    await new Promise<void>((resolve) => box.server.listen(0, '127.0.0.1', resolve));
    return box;
  }

  get url(): string {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  /** The first message to `to` whose subject matches, waiting for the outbox to deliver it. */
  async waitFor(to: string, subject: RegExp, timeoutMs = 15_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n  ');
        throw new Error(`No mail to ${to} with subject ${subject} in ${timeoutMs} ms. Received:\n  ${seen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The first http(s) link in a mail body whose path matches. */
export function linkIn(mail: CapturedMail, path: RegExp): string {
  const link = (mail.text.match(/https?:\/\/\S+/g) ?? []).find((url) => path.test(new URL(url).pathname));
  if (!link) throw new Error(`No link matching ${path} in "${mail.subject}":\n${mail.text}`);
  return link;
}
