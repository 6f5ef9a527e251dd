import { AppError } from '../../core/errors.ts';

/** Where mail was being sent; never carries the credentials from the SMTP URL. */
export interface SmtpEndpoint {
  host: string;
  port: number;
}

// Codes nodemailer (and Node's net/dns underneath it) use when no SMTP conversation took place.
const UNREACHABLE = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
]);

interface NodemailerErrorFields {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
}

/**
 * Turns a nodemailer failure into an AppError that says, in the operator's terms, what to fix
 * (address, credentials or the message), keeping the original error as `cause` for the logs.
 */
export function smtpSendFailed(error: unknown, endpoint: SmtpEndpoint): AppError {
  const fields: NodemailerErrorFields = typeof error === 'object' && error !== null ? error : {};
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  const where = `${endpoint.host}:${endpoint.port}`;
  const details = {
    host: endpoint.host,
    port: endpoint.port,
    smtpErrorCode: code ?? null,
    smtpResponseCode: typeof fields.responseCode === 'number' ? fields.responseCode : null,
  };
  let appError: AppError;
  if (code !== undefined && UNREACHABLE.has(code)) {
    appError = new AppError(
      'unavailable',
      'SMTP_UNREACHABLE',
      `The SMTP server could not be reached at ${where} (${reason}). Check SMTP_URL and that the server is running.`,
      details,
    );
  } else if (code === 'EAUTH' || code === 'ENOAUTH') {
    appError = new AppError(
      'unavailable',
      'SMTP_AUTH_FAILED',
      `The SMTP server at ${where} rejected the login (${reason}). Check the user and password in SMTP_URL.`,
      details,
    );
  } else if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    appError = new AppError(
      'unprocessable',
      'SMTP_REJECTED',
      `The SMTP server at ${where} refused the message (${reason}).`,
      details,
    );
  } else {
    appError = new AppError(
      'unavailable',
      'SMTP_SEND_FAILED',
      `Sending through the SMTP server at ${where} failed (${reason}).`,
      details,
    );
  }
  appError.cause = error;
  return appError;
}

export const invalidSmtpUrl = (problem: string) =>
  new AppError(
    'invalid',
    'SMTP_URL_INVALID',
    `SMTP_URL is not usable: ${problem}. Expected smtp://user:pass@host:port or smtps://…`,
    { field: 'smtpUrl' },
  );
