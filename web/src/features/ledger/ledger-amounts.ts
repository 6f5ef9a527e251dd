import { normalSign } from '../../../../src/modules/ledger/account.domain.ts';
import type { Account } from '../../api/ledger.ts';

/** The balance as people read it: positive when on the account's normal side (debit for assets and expenses, credit for the rest). */
export const normalBalance = (a: Pick<Account, 'type' | 'baseBalance'>) => a.baseBalance * normalSign(a.type);
