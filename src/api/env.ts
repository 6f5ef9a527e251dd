import type { Config } from '../config.ts';
import type { Actor } from '../core/actor.ts';
import type { Store } from '../db/client.ts';
import type { Mailer } from '../modules/comms/index.ts';
import type { Auth } from '../modules/identity/auth.ts';

/** What the HTTP edge is built from; the server and the tests assemble it. */
export interface AppDeps {
  store: Store;
  auth: Auth;
  config: Config;
  mailer: Mailer;
  /** For /api/health and /api/jobs; absent when the app runs without background work (some tests). */
  scheduler?: { state(): unknown; list(): Promise<unknown[]> };
  /** Called after a mutation commits so events are delivered promptly, not at the next poll. */
  wakeDispatcher?: () => void;
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

export type Principal = { kind: 'session'; user: SignedInUser } | { kind: 'api_key'; actor: Actor };

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    principal: Principal | undefined;
    /** The acting identity inside one organization, once resolved. */
    actor: Actor | undefined;
  };
};
