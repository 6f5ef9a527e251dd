export { listOutbox, type OutboxEntry, outboxDir } from './mail-outbox.ts';
export {
  createMailer,
  type MailAttachment,
  type Mailer,
  type MailerOptions,
  type MailMessage,
  type SentMail,
} from './mailer.ts';
