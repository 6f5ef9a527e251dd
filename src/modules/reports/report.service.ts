import type { Actor } from '../../core/actor.ts';
import type { Db } from '../../db/client.ts';
import { ledgerRead } from '../ledger/index.ts';
import {
  type IncomeStatement,
  type IncomeStatementInput,
  incomeStatement,
} from './income-statement.query.ts';
import { type TrialBalance, trialBalance } from './trial-balance.query.ts';

// The reports as the API and the CLI run them: read-only, in the actor's organization, after
// checking `ledger:read`.

/** The trial balance at the end of `asOf`. Needs `ledger:read`. */
export const getTrialBalance = async (db: Db, actor: Actor, input: { asOf: string }): Promise<TrialBalance> =>
  ledgerRead(db, actor, (q) => trialBalance(q, actor.orgId, input));

/** The income statement of a range. Needs `ledger:read`. */
export const getIncomeStatement = async (
  db: Db,
  actor: Actor,
  input: IncomeStatementInput,
): Promise<IncomeStatement> => ledgerRead(db, actor, (q) => incomeStatement(q, actor.orgId, input));
