import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { ErrorSchema, errorResponses, json, jsonBody } from '../../api/openapi.ts';
import {
  type CompanyLogoInfo,
  type CompanyProfileView,
  getCompanyLogo,
  getCompanyProfile,
  removeCompanyLogo,
  setCompanyLogo,
  updateCompanyProfile,
} from './company.service.ts';
import * as contracts from './contracts.ts';
import { LOGO_MAX_BYTES, LOGO_TYPES, logoTooLarge } from './logo.domain.ts';

const tags = ['Company'];

const logoView = (logo: CompanyLogoInfo) => ({ ...logo, updatedAt: logo.updatedAt.toISOString() });
const profileView = (p: CompanyProfileView) => ({
  ...p,
  logo: p.logo ? logoView(p.logo) : null,
  updatedAt: p.updatedAt ? p.updatedAt.toISOString() : null,
});

const binary = z.string().openapi({ type: 'string', format: 'binary' });
const imageContent = Object.fromEntries(LOGO_TYPES.map((type) => [type, { schema: binary }]));

const errorContent = (description: string) => ({
  content: { 'application/json': { schema: ErrorSchema } },
  description,
});

// The logo's own limit, below the app-wide body limit: checked from Content-Length before reading,
// or while reading a body sent without one.
const logoBodyLimit = bodyLimit({
  maxSize: LOGO_MAX_BYTES,
  onError: () => {
    throw logoTooLarge();
  },
});

/** Whether an If-None-Match header names this entity tag (weak comparison, as RFC 9110 asks for GET). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

export function companyRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/company',
      tags,
      summary: 'The company profile (defaults until first saved)',
      responses: { 200: json(contracts.CompanyProfileSchema, 'The profile'), ...errorResponses },
    }),
    async (c) => c.json(profileView(await getCompanyProfile(db(c), requireActor(c))), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/company',
      tags,
      summary: 'Replace the company profile; optional fields left out are cleared',
      request: jsonBody(contracts.CompanyProfileInput),
      responses: { 200: json(contracts.CompanyProfileSchema, 'Saved'), ...errorResponses },
    }),
    async (c) =>
      c.json(profileView(await updateCompanyProfile(db(c), requireActor(c), c.req.valid('json'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/company/logo',
      tags,
      summary: 'The company logo image; revalidate with If-None-Match',
      responses: {
        200: {
          content: imageContent,
          description: 'The image, with its stored Content-Type and an ETag (its sha256)',
        },
        304: { description: 'Not modified: the ETag sent in If-None-Match is current' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const logo = await getCompanyLogo(db(c), requireActor(c));
      const headers = {
        etag: `"${logo.sha256}"`,
        'cache-control': 'private, no-cache',
        vary: 'Authorization, Cookie, X-Ordo-Org',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      };
      if (matchesEtag(c.req.header('if-none-match'), headers.etag)) return c.body(null, 304, headers);
      return c.body(logo.bytes, 200, { ...headers, 'content-type': logo.contentType });
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/company/logo',
      tags,
      summary: 'Upload the company logo: the body is the image itself (PNG, JPEG or WebP, at most 512 KB)',
      middleware: [logoBodyLimit] as const,
      request: { body: { content: imageContent, required: true } },
      responses: {
        200: json(contracts.CompanyLogoSchema, 'Stored'),
        ...errorResponses,
        413: errorContent('Larger than 512 KB'),
        415: errorContent('Not sent as image/png, image/jpeg or image/webp (SVG is refused)'),
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const logo = await setCompanyLogo(db(c), actor, { contentType: c.req.header('content-type'), bytes });
      return c.json(logoView(logo), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/company/logo',
      tags,
      summary: 'Remove the company logo',
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      await removeCompanyLogo(db(c), requireActor(c));
      return c.body(null, 204);
    },
  );

  return app;
}
