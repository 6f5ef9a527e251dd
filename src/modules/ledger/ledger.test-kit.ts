import { expect } from 'vitest';
import type { Actor, Role } from '../../core/actor.ts';
import { systemActor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { Store, Tx } from '../../db/client.ts';
import { withOrg } from '../../db/tenancy.ts';
import { updateCompanyProfile } from '../company/company.service.ts';
import { createOrganization } from '../identity/organization.service.ts';
import type { Account } from './account.service.ts';
import { applyChartTemplate } from './chart-templates.ts';
import type { JournalEntryInput } from './journal.domain.ts';
import { postJournal } from './journal.service.ts';

// Shared by the ledger's tests: an organization with a company profile (base currency, fiscal
// year start) and a chart from a template, plus helpers to post and to expect refusals.

let orgs = 0;

export async function createLedgerOrg(
  store: Store,
  options: { baseCurrency?: string; fiscalYearStart?: string; template?: string | null } = {},
) {
  const slug = `ledger-${process.pid}-${++orgs}-${Date.now().toString(36)}`;
  const org = await createOrganization(store.db, { name: `Ledger test ${orgs}`, slug });
  const owner = systemActor(org.id);
  await updateCompanyProfile(store.db, owner, {
    legalName: 'Ledger Test Ltd',
    country: 'GB',
    baseCurrency: options.baseCurrency ?? 'GBP',
    fiscalYearStart: options.fiscalYearStart ?? '01-01',
  });
  const accounts: Account[] =
    options.template === null
      ? []
      : await withOrg(store.db, org.id, (tx) => applyChartTemplate(tx, owner, options.template ?? 'generic'));
  const as = (role: Role, id = `usr_${role}`): Actor => ({ kind: 'user', id, orgId: org.id, role });
  return {
    orgId: org.id,
    slug,
    owner,
    accounts,
    /** The id of the account with this full name (from the template). */
    id(name: string): string {
      const account = accounts.find((a) => a.name === name);
      if (!account) throw new Error(`no account ${name}`);
      return account.id;
    },
    as,
    run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      return withOrg(store.db, org.id, work);
    },
    post(entry: JournalEntryInput, actor: Actor = owner) {
      return withOrg(store.db, org.id, (tx) => postJournal(tx, actor, entry));
    },
  };
}

export type LedgerOrg = Awaited<ReturnType<typeof createLedgerOrg>>;

/** The AppError a promise rejects with (fails the test when it resolves or throws something else). */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

/** The PostgreSQL error message a promise rejects with. */
export async function sqlRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    let current: unknown = error;
    for (let i = 0; i < 5 && current; i++) {
      const message = (current as { message?: string }).message;
      if ((current as { code?: string }).code && message) return message;
      current = (current as { cause?: unknown }).cause;
    }
    return String((error as Error).message);
  }
  throw new Error('expected the database to refuse');
}
