import { Button, Stack } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { EmptyState, PageHeader } from '../../shell/page.tsx';

export function OperationsPage() {
  return (
    <Stack>
      <PageHeader title="Operations" description="Tasks, procedures (SOPs), checklists and process maps." />
      <EmptyState
        icon={<IconChecklist size={26} />}
        title="Get the procedures out of people's heads"
        action={
          <Button component={Link} to="/settings/members">
            Invite the people who do the work
          </Button>
        }
      >
        Every procedure and checklist has an owner and a backup. Start by inviting the people who run your
        daily work, so there is someone to own each one.
      </EmptyState>
    </Stack>
  );
}
