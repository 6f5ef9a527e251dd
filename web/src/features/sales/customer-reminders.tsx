import { Button, Group, Paper, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { useSalesPermissions } from './sales-hooks.ts';

/** Whether this customer gets payment reminders; an opt-out keeps its reason. */
export function CustomerRemindersCard({ customerId }: { customerId: string }) {
  const { canCustomer } = useSalesPermissions();
  const queryClient = useQueryClient();
  const key = ['sales', 'reminder-opt-out', customerId];
  const optOut = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(api.GET('/api/sales/customers/{id}/reminder-opt-out', { params: { path: { id: customerId } } })),
  });
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: (out: boolean) =>
      out
        ? unwrap(
            api.PUT('/api/sales/customers/{id}/reminder-opt-out', {
              params: { path: { id: customerId } },
              body: { reason: reason.trim() || null },
            }),
          )
        : unwrap(
            api.DELETE('/api/sales/customers/{id}/reminder-opt-out', {
              params: { path: { id: customerId } },
            }),
          ),
    onSuccess: (state) => {
      queryClient.setQueryData(key, state);
      setReason('');
      notifications.show({
        color: 'green',
        message: state.optedOut
          ? 'No more payment reminders for this customer.'
          : 'Payment reminders are on again.',
      });
    },
    onError: (e) => showApiError(e),
  });
  const state = optOut.data;
  if (!state) return null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Payment reminders
      </Title>
      <Switch
        label="Send this customer payment reminders"
        // While the change is on its way the switch shows where it is going.
        checked={change.isPending ? !change.variables : !state.optedOut}
        disabled={!canCustomer}
        onChange={(e) => !change.isPending && change.mutate(!e.currentTarget.checked)}
        description={
          state.optedOut
            ? `Left out since ${state.since ? formatDateTime(state.since) : 'earlier'}${state.reason ? `: ${state.reason}` : ''}.`
            : 'They follow the steps set under Payment reminders.'
        }
      />
      {!state.optedOut && canCustomer && (
        <Group mt="xs" align="flex-end" gap="xs">
          <TextInput
            label="Reason, if you leave them out"
            placeholder="Pays by standing order"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            style={{ flex: '1 1 240px' }}
            maw={420}
          />
          <Text size="xs" c="dimmed" pb={8}>
            Switch off above to leave them out.
          </Text>
        </Group>
      )}
      {state.optedOut && canCustomer && (
        <Button
          variant="subtle"
          size="xs"
          mt="xs"
          onClick={() => change.mutate(false)}
          loading={change.isPending}
        >
          Send them reminders again
        </Button>
      )}
    </Paper>
  );
}
