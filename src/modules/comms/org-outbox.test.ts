import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, listOutbox } from './index.ts';
import { attachmentNames, listOrgOutbox, readOrgOutboxMessage } from './org-outbox.ts';

// Each organization's file outbox: its own folder, listed newest first a page at a time with the
// attachments' names; one message read back only by its organization and only by a well-formed id.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('organization outbox', () => {
  it('keeps each organization apart and lists pages newest first with attachment names', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ordo-outbox-'));
    dirs.push(dataDir);
    const mailer = createMailer({ from: 'Ordo <ordo@mail.test>', dataDir });
    const pdf = {
      filename: 'INV-2026-0001.pdf',
      content: Buffer.from('%PDF-1.3 test'),
      contentType: 'application/pdf',
    };
    for (const n of [1, 2, 3])
      await mailer.send({
        orgId: 'org_a',
        to: 'a@x.test',
        cc: 'c@x.test',
        subject: `A${n}`,
        text: '.',
        attachments: [pdf],
      });
    await mailer.send({ orgId: 'org_b', to: 'b@x.test', subject: 'B1', text: '.' });
    await mailer.send({ to: 'ops@x.test', subject: 'Password reset', text: '.' });
    mailer.close();

    expect((await listOutbox(dataDir)).map((m) => m.subject)).toEqual(['Password reset']); // the shared folder
    const first = await listOrgOutbox(dataDir, 'org_a', { limit: 2 });
    expect(first.items.map((m) => m.subject)).toEqual(['A3', 'A2']);
    expect(first.items[0]).toMatchObject({
      to: 'a@x.test',
      cc: 'c@x.test',
      attachments: ['INV-2026-0001.pdf'],
    });
    const second = await listOrgOutbox(dataDir, 'org_a', { limit: 2, cursor: first.nextCursor! });
    expect([second.items.map((m) => m.subject), second.nextCursor]).toEqual([['A1'], null]);
    expect((await listOrgOutbox(dataDir, 'org_b', { limit: 50 })).items.map((m) => m.subject)).toEqual([
      'B1',
    ]);
    expect((await listOrgOutbox(dataDir, 'org_c', { limit: 50 })).items).toEqual([]);

    const id = first.items[0]!.id;
    const message = await readOrgOutboxMessage(dataDir, 'org_a', id);
    expect(message.bytes.toString()).toContain('Subject: A3');
    await expect(readOrgOutboxMessage(dataDir, 'org_b', id)).rejects.toMatchObject({
      code: 'OUTBOX_MESSAGE_NOT_FOUND',
    });
    await expect(readOrgOutboxMessage(dataDir, 'org_a', '../../x')).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect(await readdir(path.join(dataDir, 'mail', 'outbox', 'orgs'))).toEqual(['org_a', 'org_b']);
  });

  it('reads plain, quoted and RFC 2231 attachment names', () => {
    const raw = [
      'Content-Disposition: attachment; filename=INV-1.pdf',
      'Content-Disposition: attachment;',
      ' filename="Statement March.pdf"',
      "Content-Disposition: attachment; filename*=utf-8''Caf%C3%A9.pdf",
      'Content-Disposition: inline; filename=logo.png',
    ].join('\r\n');
    expect(attachmentNames(raw)).toEqual(['INV-1.pdf', 'Statement March.pdf', 'Café.pdf']);
  });
});
