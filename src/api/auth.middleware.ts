import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { Actor } from '../core/actor.ts';
import { AppError } from '../core/errors.ts';
import { authenticateApiKey } from '../modules/identity/api-key.service.ts';
import { CLIENT_IP_HEADER } from '../modules/identity/auth.ts';
import { listMemberships, type Membership } from '../modules/identity/organization.service.ts';
import type { AppEnv, SignedInUser } from './env.ts';

/** Header naming the organization (slug or id) a signed-in user acts in; default: their first. */
export const ORG_HEADER = 'x-ordo-org';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Replaces any client-sent client-IP header with the socket's address, so sign-in throttling keys
 * on the real peer and cannot be dodged by sending a made-up header.
 */
export const clientIp: MiddlewareHandler<AppEnv> = async (c, next) => {
  let ip = '127.0.0.1';
  try {
    ip = getConnInfo(c).remote.address ?? ip;
  } catch {
    // In-process requests (tests) have no socket.
  }
  c.req.raw.headers.set(CLIENT_IP_HEADER, ip);
  await next();
};

/** Resolves who is calling: an API key (Bearer) or a better-auth session cookie. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { store, auth } = c.get('deps');
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) {
    const actor = await authenticateApiKey(store.db, header.slice(7).trim());
    c.set('principal', { kind: 'api_key', actor });
    c.set('actor', actor);
    return next();
  }
  const session = await auth.api.getSession({ headers: c.req.raw.headers });
  if (!session) return next();
  if (UNSAFE.has(c.req.method)) checkSameOrigin(c, c.get('deps').config.baseUrl);
  const user: SignedInUser = { id: session.user.id, email: session.user.email, name: session.user.name };
  c.set('principal', { kind: 'session', user });
  const membership = pickMembership(await listMemberships(store.db, user.id), c.req.header(ORG_HEADER));
  if (membership)
    c.set('actor', { kind: 'user', id: user.id, orgId: membership.orgId, role: membership.role });
  return next();
};

function pickMembership(memberships: Membership[], wanted: string | undefined): Membership | undefined {
  if (!wanted) return memberships[0];
  const found = memberships.find((m) => m.slug === wanted || m.orgId === wanted);
  if (!found)
    throw new AppError('forbidden', 'NOT_A_MEMBER', `You are not a member of the organization "${wanted}".`, {
      field: ORG_HEADER,
    });
  return found;
}

/**
 * CSRF defence for cookie-authenticated mutations: the browser must say the request came from our
 * own origin (Origin header, or Sec-Fetch-Site when Origin is absent). API-key calls carry no cookie.
 */
function checkSameOrigin(c: Context, baseUrl: string) {
  const origin = c.req.header('origin');
  const allowed = new Set([new URL(baseUrl).origin, new URL(c.req.url).origin]);
  const ok = origin ? allowed.has(origin) : c.req.header('sec-fetch-site') === 'same-origin';
  if (!ok)
    throw new AppError(
      'forbidden',
      'CSRF_ORIGIN_MISMATCH',
      'This request did not come from the Ordo app; it was refused.',
    );
}

/** The signed-in user (session) or an error; for routes that need a person, not a key. */
export function requireUser(c: Context<AppEnv>): SignedInUser {
  const principal = c.get('principal');
  if (principal?.kind === 'session') return principal.user;
  if (principal)
    throw new AppError(
      'forbidden',
      'USER_SESSION_REQUIRED',
      'Sign in as a person to do this; API keys cannot.',
    );
  throw new AppError('unauthenticated', 'UNAUTHENTICATED', 'Sign in or send an API key.');
}

/** The actor in an organization, or an error saying what is missing. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (actor) return actor;
  if (c.get('principal'))
    throw new AppError(
      'forbidden',
      'NO_ORGANIZATION',
      'Create an organization or accept an invitation first.',
    );
  throw new AppError('unauthenticated', 'UNAUTHENTICATED', 'Sign in or send an API key.');
}
