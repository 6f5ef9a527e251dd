import { systemActor } from '../core/actor.ts';
import { withOrg } from '../db/tenancy.ts';
import { addMember } from '../modules/identity/member.service.ts';
import { createOrganization, findOrganizationBySlug } from '../modules/identity/organization.service.ts';
import type { Services } from '../services.ts';
import { seedCompany } from './company.seed.ts';
import { seedBooks } from './ledger.seed.ts';

export const DEMO = {
  slug: 'demo',
  name: 'Demo Trading Ltd',
  email: 'demo@ordo.local',
  password: 'demo-password-2026',
};

/** Later modules append their demo data here; each seeder runs once, in the demo organization. */
const SEEDERS: ((services: Services, orgId: string) => Promise<void>)[] = [
  seedCompany,
  (services, orgId) => seedBooks(services, orgId),
];

/** Creates the demo organization and user on an empty store; does nothing when `demo` exists. */
export async function seedDemo(services: Services): Promise<{ created: boolean }> {
  const { store, auth } = services;
  if (await findOrganizationBySlug(store.db, DEMO.slug)) return { created: false };
  const org = await createOrganization(store.db, { slug: DEMO.slug, name: DEMO.name });
  const { user } = await auth.api.signUpEmail({
    body: { email: DEMO.email, password: DEMO.password, name: 'Dana Demo' },
  });
  await withOrg(store.db, org.id, (tx) => addMember(tx, systemActor(org.id, 'demo-seed'), user.id, 'owner'));
  for (const seed of SEEDERS) await seed(services, org.id);
  return { created: true };
}
