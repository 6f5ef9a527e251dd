export {
  createMailer,
  listOutbox,
  type Mailer,
  type MailMessage,
  type OutboxEntry,
  type SentMail,
} from './mailer.ts';
