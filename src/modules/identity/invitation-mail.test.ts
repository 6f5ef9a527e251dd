import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../api/test-app.ts';
import { createDispatcher } from '../../jobs/dispatcher.ts';
import { createMailer } from '../comms/index.ts';
import { identitySubscribers } from './identity.subscribers.ts';

// Invitation → outbox → dispatcher → real SMTP server → the emailed link admits the invitee.

let t: TestApp;
let smtp: SMTPServer;
const received: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.close();
});

it('emails the invitation after commit, and the link in the mail lets the invitee join', async () => {
  const owner = await t.signUp('boss@mail.test');
  await t.call('POST', '/api/orgs', { name: 'Mail Co', slug: 'mail-co' }, { cookie: owner });
  const invited = await t.call(
    'POST',
    '/api/invitations',
    { email: 'newbie@mail.test', role: 'manager' },
    { cookie: owner },
  );
  expect(invited.status).toBe(201);
  expect(received).toHaveLength(0); // nothing leaves before the outbox delivers

  const { port } = smtp.server.address() as AddressInfo;
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: 'Ordo <ordo@mail.test>',
    dataDir: t.dataDir,
  });
  const dispatcher = createDispatcher(t.store, {
    subscribers: identitySubscribers({ mailer, baseUrl: t.config.baseUrl }),
  });
  expect(await dispatcher.dispatchOnce()).toMatchObject({ dead: 0, failed: 0 });
  expect(await dispatcher.dispatchOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 }); // once only
  mailer.close();

  expect(received).toHaveLength(1);
  expect(received[0]!.to).toEqual(['newbie@mail.test']);
  const raw = received[0]!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  expect(raw).toMatch(/Subject: You are invited to Mail Co on Ordo/);
  const link = /(http:\/\/\S+\/invite\/(inv_\w+)\?token=(\S+))/.exec(raw);
  expect(link).not.toBeNull();
  const [, , invitationId, token] = link!;
  expect(invitationId).toBe(invited.body.id);

  const newbie = await t.signUp('newbie@mail.test');
  const joined = await t.call(
    'POST',
    `/api/invitations/${invitationId}/accept`,
    { token: decodeURIComponent(token!) },
    { cookie: newbie },
  );
  expect(joined.status).toBe(200);
  expect(joined.body.role).toBe('manager');
});
