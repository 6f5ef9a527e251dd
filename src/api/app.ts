import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../core/errors.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { commsRoutes } from '../modules/comms/index.ts';
import { companyRoutes } from '../modules/company/company.routes.ts';
import { identityRoutes } from '../modules/identity/identity.routes.ts';
import { ledgerRoutes } from '../modules/ledger/ledger.routes.ts';
import { purchasingApi } from '../modules/purchasing/index.ts';
import { reportRoutes } from '../modules/reports/report.routes.ts';
import { ATTACHMENT_UPLOAD_PATH, attachmentUploadLimit } from '../modules/sales/attachment.routes.ts';
import { salesApi } from '../modules/sales/index.ts';
import { authenticate, clientIp } from './auth.middleware.ts';
import { renderDocsPage } from './docs-page.ts';
import type { AppDeps, AppEnv } from './env.ts';
import { errorBody, handleError, validationError } from './errors.ts';
import { idempotency } from './idempotency.ts';
import { platformRoutes } from './platform.routes.ts';

export const API_VERSION = '0.1.0';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every module's routes, mounted under /api. A new module adds one line here. */
const MODULE_ROUTES = [
  platformRoutes(API_VERSION),
  identityRoutes(),
  auditRoutes(),
  commsRoutes(),
  companyRoutes(),
  ledgerRoutes(),
  reportRoutes(),
  salesApi(),
  purchasingApi(),
];

/** Builds the HTTP application: auth, idempotency, errors, OpenAPI and every module's routes. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `No route ${c.req.method} ${c.req.path}.`), 404));

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  const limitBody = bodyLimit({
    maxSize: deps.config.maxBodyBytes,
    onError: () => {
      throw new AppError(
        'too_large',
        'BODY_TOO_LARGE',
        `The request body is over ${deps.config.maxBodyBytes} bytes.`,
      );
    },
  });
  // GET and HEAD carry no body; asking for one would build a full Fetch Request for nothing.
  // Attachment uploads have their own, larger limit (attachment.routes.ts).
  app.use('/api/*', (c, next) => {
    if (BODYLESS.has(c.req.method)) return next();
    return ATTACHMENT_UPLOAD_PATH.test(c.req.path) ? attachmentUploadLimit(c, next) : limitBody(c, next);
  });

  // better-auth owns /api/auth/* (sign-up, sign-in, sessions, password reset, two-factor). Only
  // these routes get the client-IP header: setting a header materialises the full Fetch Request,
  // which costs every other request time it does not need (see bench/RESULTS.md).
  app.use('/api/auth/*', clientIp);
  app.on(['GET', 'POST'], '/api/auth/*', (c) => deps.auth.handler(c.req.raw));

  app.use('/api/*', authenticate);
  app.use('/api/*', idempotency);
  for (const routes of MODULE_ROUTES) app.route('/api', routes);

  const document = () => openApiDocument(app);
  app.get('/api/openapi.json', (c) => c.json(document()));
  app.get('/api/docs', (c) => c.html(renderDocsPage(document())));
  return app;
}

export type App = ReturnType<typeof createApp>;

/** The OpenAPI 3.1 document of every route; the web app's client types are generated from it. */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Ordo',
      version: API_VERSION,
      description:
        'The Ordo back-office API. Authenticate with `Authorization: Bearer <API key>` or a session cookie from /api/auth. Errors are `{ "error": { "code", "message", "details" } }`. Lists use cursor pagination (`limit`, `cursor` → `nextCursor`). Every POST accepts an `Idempotency-Key`.',
    },
    servers: [{ url: '/' }],
  });
}
