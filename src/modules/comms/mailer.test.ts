import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { createMailer, listOutbox, type Mailer } from './index.ts';
import { decodeEncodedWords } from './mail-outbox.ts';

// A real SMTP peer: what it receives is what a mail server in production would receive.
interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

interface TestSmtp {
  port: number;
  received: Received[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSmtp(options: SMTPServerOptions = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

function track(mailer: Mailer): Mailer {
  cleanups.push(() => mailer.close());
  return mailer;
}

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ordo-mail-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const invoice = {
  filename: 'invoice-2025-0042.pdf',
  content: Buffer.from('%PDF-1.7 pretend invoice'),
  contentType: 'application/pdf',
};

describe('SMTP transport', () => {
  it('delivers the message, envelope and attachment to the SMTP server', async () => {
    const smtp = await startSmtp();
    const mailer = track(
      createMailer({
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        from: 'Ordo <billing@ordo.test>',
        dataDir: '/nonexistent',
      }),
    );
    expect(mailer.kind).toBe('smtp');

    const sent = await mailer.send({
      to: ['alice@client.test', 'Bob <bob@client.test>'],
      subject: 'Invoice 2025-0042',
      text: 'Please find the invoice attached.',
      html: '<p>Please find the invoice attached.</p>',
      attachments: [invoice],
    });

    expect(sent.transport).toBe('smtp');
    expect(sent.file).toBeUndefined();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toBe('billing@ordo.test');
    expect(mail.to).toEqual(['alice@client.test', 'bob@client.test']);
    expect(mail.raw).toMatch(/^Subject: Invoice 2025-0042\r$/m);
    expect(mail.raw).toContain(`Message-ID: ${sent.messageId}`);
    expect(mail.raw).toMatch(/Content-Disposition: attachment; filename=invoice-2025-0042\.pdf/);
    expect(mail.raw).toContain(invoice.content.toString('base64'));
    expect(mail.raw).toContain('Content-Type: text/html');
  });

  it('logs in with the credentials in the URL, percent-decoded', async () => {
    const password = 'p@ss:w/rd 100%';
    const smtp = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true, // plain TCP in the test; production uses smtps:// or STARTTLS
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer@ordo.test' && auth.password === password) {
          callback(null, { user: auth.username });
        } else {
          callback(new Error('Invalid username or password'));
        }
      },
    });
    const url = `smtp://${encodeURIComponent('mailer@ordo.test')}:${encodeURIComponent(password)}@127.0.0.1:${smtp.port}`;
    const mailer = track(createMailer({ smtpUrl: url, from: 'mailer@ordo.test', dataDir: '/nonexistent' }));

    await mailer.send({ to: 'carol@client.test', subject: 'Authenticated', text: 'hello' });

    expect(smtp.received.map((m) => [m.user, m.to])).toEqual([['mailer@ordo.test', ['carol@client.test']]]);
  });

  it('says the login was rejected when the password is wrong', async () => {
    const smtp = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
    });
    const mailer = track(
      createMailer({ smtpUrl: `smtp://u:wrong@127.0.0.1:${smtp.port}`, from: 'u@ordo.test', dataDir: '/x' }),
    );

    const error = await mailer
      .send({ to: 'd@client.test', subject: 's', text: 't' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SMTP_AUTH_FAILED', cause: { code: 'EAUTH' } });
    expect((error as Error).message).toMatch(/rejected the login/);
    expect((error as Error).message).not.toContain('wrong'); // never echo the password
    expect(smtp.received).toHaveLength(0);
  });

  it('sends over implicit TLS with smtps://', async () => {
    // smtp-server's built-in self-signed certificate; the URL opts out of verifying it.
    const smtp = await startSmtp({ secure: true });
    const mailer = track(
      createMailer({
        smtpUrl: `smtps://127.0.0.1:${smtp.port}?tls.rejectUnauthorized=false`,
        from: 'tls@ordo.test',
        dataDir: '/x',
      }),
    );

    await mailer.send({ to: 'e@client.test', subject: 'Over TLS', text: 'secret' });

    expect(smtp.received[0]?.raw).toMatch(/^Subject: Over TLS\r$/m);
  });

  it('rejects with a clear error, keeping the cause, when the SMTP server cannot be reached', async () => {
    const port = await closedPort();
    const mailer = track(
      createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'x@ordo.test', dataDir: '/x' }),
    );

    const error = await mailer
      .send({ to: 'f@client.test', subject: 's', text: 't' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      new RegExp(`SMTP server could not be reached at 127\\.0\\.0\\.1:${port}`),
    );
    expect(error).toMatchObject({ code: 'SMTP_UNREACHABLE', kind: 'unavailable' });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect((error as Error).cause).toMatchObject({ code: 'ESOCKET' });
  });

  it('refuses an unusable SMTP URL when the mailer is created', () => {
    for (const smtpUrl of ['mail.example.com:25', 'http://mail.example.com']) {
      expect(() => createMailer({ smtpUrl, from: 'x@ordo.test', dataDir: '/x' })).toThrow(
        expect.objectContaining({ code: 'SMTP_URL_INVALID' }),
      );
    }
  });
});

describe('file transport (no SMTP URL)', () => {
  it('stores the full RFC 5322 message as an .eml file in the data dir', async () => {
    const dataDir = await tempDataDir();
    const mailer = track(createMailer({ from: 'Ordo <no-reply@ordo.test>', dataDir }));
    expect(mailer.kind).toBe('file');

    const sent = await mailer.send({
      to: 'José Pérez <jose@client.test>',
      subject: 'Facture n° 42 — Café Ordo',
      text: 'Bonjour, voici la facture.',
      attachments: [invoice],
    });

    expect(sent.transport).toBe('file');
    const outbox = path.join(dataDir, 'mail', 'outbox');
    expect(await readdir(outbox)).toEqual([path.basename(sent.file!)]);
    expect(path.dirname(sent.file!)).toBe(outbox);
    const safeId = sent.messageId.replace(/[<>]/g, '');
    expect(path.basename(sent.file!)).toMatch(
      new RegExp(`^\\d{8}T\\d{6}\\.\\d{3}Z-${escapeRegExp(safeId)}\\.eml$`),
    );

    const raw = await readFile(sent.file!, 'utf8');
    expect(raw).toMatch(/^From: Ordo <no-reply@ordo\.test>\r$/m);
    expect(raw).toMatch(/^To: =\?UTF-8\?.*<jose@client\.test>\r$/m);
    expect(raw).toContain(`Message-ID: ${sent.messageId}`);
    expect(raw).toMatch(/^Date: /m);
    expect(raw).toMatch(/^MIME-Version: 1\.0\r$/m);
    expect(raw).toMatch(/^Content-Type: multipart\/mixed; boundary=/m);
    expect(raw).toContain('Bonjour, voici la facture.');
    expect(raw).toMatch(/Content-Type: application\/pdf; name=invoice-2025-0042\.pdf/);
    expect(raw).toMatch(/Content-Disposition: attachment; filename=invoice-2025-0042\.pdf/);
    expect(raw).toContain(invoice.content.toString('base64'));
    expect(raw.replace(/\r\n/g, '')).not.toContain('\n'); // CRLF line ends, as RFC 5322 requires

    const headers = raw.split('\r\n\r\n', 1)[0]!.replace(/\r\n[ \t]+/g, ' ');
    expect(decodeEncodedWords(/^Subject: (.*)$/m.exec(headers)![1]!)).toBe('Facture n° 42 — Café Ordo');
  });

  it('lists stored messages newest first, with decoded headers', async () => {
    const dataDir = await tempDataDir();
    expect(await listOutbox(dataDir)).toEqual([]); // no outbox folder yet

    const mailer = track(createMailer({ from: 'no-reply@ordo.test', dataDir }));
    const first = await mailer.send({ to: 'a@client.test', subject: 'First', text: '1' });
    const second = await mailer.send({
      to: ['Zoë <zoe@client.test>', 'b@client.test'],
      subject: 'Réinitialiser le mot de passe',
      text: '2',
    });

    const listed = await listOutbox(dataDir);

    expect(listed).toEqual([
      {
        file: second.file,
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
        to: 'Zoë <zoe@client.test>, b@client.test',
        subject: 'Réinitialiser le mot de passe',
        messageId: second.messageId,
      },
      expect.objectContaining({ file: first.file, to: 'a@client.test', subject: 'First' }),
    ]);
  });
});

describe('decodeEncodedWords', () => {
  it('joins adjacent encoded words before decoding, even mid-character', () => {
    const bytes = Buffer.from('Café €', 'utf8'); // the € spans three bytes
    const a = bytes.subarray(0, 6).toString('base64'); // splits the €
    const b = bytes.subarray(6).toString('base64');
    expect(decodeEncodedWords(`Re: =?UTF-8?B?${a}?=\r\n =?utf-8?B?${b}?= ok`)).toBe('Re: Café € ok');
    expect(decodeEncodedWords('=?ISO-8859-1?Q?caf=E9_cr=E8me?=')).toBe('café crème');
    expect(decodeEncodedWords('plain = text ?= here')).toBe('plain = text ?= here');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// A port nothing listens on: bind one, then release it.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
