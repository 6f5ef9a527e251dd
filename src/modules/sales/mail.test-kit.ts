import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Store } from '../../db/client.ts';
import { createDispatcher } from '../../jobs/dispatcher.ts';
import { createMailer } from '../comms/index.ts';
import { decodeEncodedWords, parseHeaders } from '../comms/mail-outbox.ts';
import { salesSubscribers } from './sales.subscribers.ts';

// A real SMTP server for tests that mail, and a delivery pass of the outbox through it.

export interface ReceivedMail {
  to: string[];
  subject: string;
  raw: string;
}

export async function startSmtpSink(store: Store, dataDir: string) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('latin1')));
      stream.on('end', () => {
        const subject = decodeEncodedWords(parseHeaders(raw).get('subject') ?? '');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    /** Delivers what the outbox holds through the server; returns the mails that arrived. */
    async deliver(): Promise<ReceivedMail[]> {
      const before = received.length;
      const mailer = createMailer({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        from: 'Ordo <ordo@mail.test>',
        dataDir,
      });
      try {
        const dispatcher = createDispatcher(store, { subscribers: salesSubscribers({ store, mailer }) });
        // A pass takes a batch of the oldest events; the other tests' events may come first.
        while ((await dispatcher.dispatchOnce()).delivered > 0);
      } finally {
        mailer.close();
      }
      return received.slice(before);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
