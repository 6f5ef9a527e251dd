import { Alert, Stack } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { entryQuery } from '../../api/ledger.ts';
import { AnchorLink, ButtonLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { PageLoader } from '../../shell/route-states.tsx';
import { todayIso } from './dates.ts';
import { entryTitle } from './entry-bits.tsx';
import { EntryEditor } from './entry-editor.tsx';
import { blankLine, fromEntry } from './entry-lines.ts';
import { useAccounts, useBaseCurrency, useLedgerPermissions } from './ledger-hooks.ts';

/** What must exist before an entry can be typed: a base currency and some accounts. */
function usePrerequisites() {
  const { accounts, items } = useAccounts();
  const base = useBaseCurrency();
  const { canPost } = useLedgerPermissions();
  let blocker: React.ReactNode = null;
  if (!canPost)
    blocker = (
      <Alert color="gray" icon={<IconInfoCircle size={18} />} role="status">
        Your role can read the books but not post to them. Owners, admins and accountants enter journal
        entries.
      </Alert>
    );
  else if (!base.isPending && !base.currency)
    blocker = (
      <Alert color="yellow" icon={<IconInfoCircle size={18} />} title="Choose the base currency first">
        The books need a currency to be kept in. Set it in the{' '}
        <AnchorLink to="/settings/company" underline="always">
          company profile
        </AnchorLink>
        , then come back.
      </Alert>
    );
  else if (accounts.data && items.length === 0)
    blocker = (
      <Alert color="yellow" icon={<IconInfoCircle size={18} />} title="Set up the chart of accounts first">
        Every line of an entry goes to an account, and there are none yet.{' '}
        <ButtonLink to="/finance/accounts" size="xs" variant="light" ml="xs">
          Go to the chart of accounts
        </ButtonLink>
      </Alert>
    );
  return { accounts, items, base, canPost, blocker };
}

export function NewEntryPage() {
  const { accounts, items, base, canPost, blocker } = usePrerequisites();
  return (
    <Stack>
      <PageHeader
        title="New journal entry"
        description="Debits on one side, credits on the other; they must be equal in each currency before the entry can be posted."
      />
      {blocker ??
        (base.isPending ? (
          <PageLoader />
        ) : (
          <QueryState query={accounts}>
            {base.currency && (
              <EntryEditor
                initial={{
                  date: todayIso(),
                  description: '',
                  payee: '',
                  code: '',
                  lines: [blankLine(), blankLine()],
                }}
                baseCurrency={base.currency}
                accounts={items}
                canPost={canPost}
              />
            )}
          </QueryState>
        ))}
    </Stack>
  );
}

export function EditEntryPage() {
  const { entryId } = useParams({ from: '/signed-in/in-org/finance/journal/$entryId/edit' });
  const entry = useQuery(entryQuery(entryId));
  const { accounts, items, base, canPost, blocker } = usePrerequisites();
  const e = entry.data;
  return (
    <Stack>
      <PageHeader title={e ? `Edit ${entryTitle(e).toLowerCase()}` : 'Edit journal entry'} />
      {blocker ?? (
        <QueryState query={entry}>
          {e && e.status === 'posted' ? (
            <Alert color="gray" role="status" title="This entry is posted">
              Posted entries never change. To correct it,{' '}
              <AnchorLink to="/finance/journal/$entryId" params={{ entryId: e.id }} underline="always">
                open it
              </AnchorLink>{' '}
              and reverse it, then enter it again.
            </Alert>
          ) : (
            <QueryState query={accounts}>
              {e && base.currency && (
                <EntryEditor
                  initial={fromEntry(e, base.currency)}
                  draft={e}
                  baseCurrency={base.currency}
                  accounts={items}
                  canPost={canPost}
                />
              )}
            </QueryState>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
