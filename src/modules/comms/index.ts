export { commsRoutes } from './comms.routes.ts';
export * from './contracts.ts';
export { listOutbox, type OutboxEntry, orgOutboxDir, outboxDir } from './mail-outbox.ts';
export {
  createMailer,
  type MailAttachment,
  type Mailer,
  type MailerOptions,
  type MailMessage,
  type SentMail,
} from './mailer.ts';
export { listOrgOutbox, type OrgOutboxMessage, readOrgOutboxMessage } from './org-outbox.ts';
