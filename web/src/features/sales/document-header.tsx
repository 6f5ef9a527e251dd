import {
  ActionIcon,
  Button,
  Collapse,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Switch,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { dueDateOf } from '../../../../src/modules/sales/invoice.domain.ts';
import type { Customer, DocumentType } from '../../api/sales.ts';
import { formatDate } from '../../lib/format.ts';
import { CustomerFormModal } from './customer-form.tsx';
import type { DocValues } from './document-lines.ts';

/** Who the document is for, in what currency, when it is due, and the words around the lines. */
export function DocumentHeader({
  form,
  type,
  customers,
  customer,
  currency,
  canAddCustomer,
}: {
  form: UseFormReturnType<DocValues>;
  type: DocumentType;
  customers: readonly Customer[];
  customer: Customer | undefined;
  /** The currency the document will have: typed, the customer's, or the books'. */
  currency: string;
  canAddCustomer: boolean;
}) {
  const [adding, add] = useDisclosure();
  const [typed, setTyped] = useState('');
  // Shown at once when a document already uses them (a draft being edited, a credited invoice).
  const initial = form.getValues();
  const [details, { toggle: toggleDetails }] = useDisclosure(
    Boolean(
      initial.buyerReference ||
        initial.discountPercent ||
        initial.pricesIncludeTax ||
        initial.notes ||
        initial.terms,
    ),
  );
  const v = form.getValues();
  const terms = v.paymentTermsDays.trim() ? Number(v.paymentTermsDays) : customer?.paymentTermsDays;
  const impliedDue =
    type === 'invoice' &&
    !v.dueDate &&
    v.issueDate &&
    terms !== null &&
    terms !== undefined &&
    Number.isFinite(terms)
      ? dueDateOf(v.issueDate, terms)
      : null;
  const header = { 'data-doc-header': true };
  // A server objection to one of the details opens them, so the message is seen.
  const showDetails =
    details || ['buyerReference', 'discountPercent', 'notes', 'terms'].some((f) => form.errors[f]);
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <Group gap={4} align="flex-end" wrap="nowrap" style={{ alignSelf: 'start' }}>
          <Select
            label="Customer"
            required
            searchable
            selectFirstOptionOnChange
            placeholder="Type a name"
            nothingFoundMessage="No customer by that name: add one with +"
            data={customers.map((c) => ({ value: c.id, label: c.name }))}
            searchValue={typed}
            onSearchChange={setTyped}
            style={{ flex: 1 }}
            autoFocus={!v.customerId}
            {...form.getInputProps('customerId')}
            {...header}
          />
          {canAddCustomer && (
            <Tooltip label="New customer">
              <ActionIcon variant="default" size={36} aria-label="New customer" onClick={add.open}>
                <IconPlus size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        <TextInput
          label="Currency"
          placeholder={currency}
          maxLength={3}
          autoComplete="off"
          styles={{ input: { textTransform: 'uppercase' } }}
          {...form.getInputProps('currency')}
          {...header}
        />
        <TextInput
          type="date"
          label={type === 'quote' ? 'Date' : 'Issue date'}
          {...form.getInputProps('issueDate')}
          {...header}
        />
        {type === 'invoice' ? (
          <TextInput
            type="date"
            label="Due date"
            description={impliedDue ? `From the terms: ${formatDate(impliedDue)}` : undefined}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            {...form.getInputProps('dueDate')}
            {...header}
          />
        ) : (
          <TextInput
            label="Reference"
            maxLength={200}
            {...form.getInputProps('buyerReference')}
            {...header}
          />
        )}
        {type === 'invoice' && (
          <TextInput
            label="Payment terms (days)"
            inputMode="numeric"
            placeholder={
              customer?.paymentTermsDays === null || !customer ? 'None' : String(customer.paymentTermsDays)
            }
            {...form.getInputProps('paymentTermsDays')}
            {...header}
          />
        )}
      </SimpleGrid>
      <Button
        variant="subtle"
        size="xs"
        mt="xs"
        px={4}
        leftSection={showDetails ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        aria-expanded={showDetails}
        onClick={toggleDetails}
      >
        {showDetails ? 'Fewer details' : 'More details'}
      </Button>
      <Collapse expanded={showDetails} keepMounted={false}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" mt="xs">
          {type === 'invoice' && (
            <TextInput
              label="Customer’s reference"
              placeholder="Their order number"
              maxLength={200}
              {...form.getInputProps('buyerReference')}
              {...header}
            />
          )}
          <TextInput
            label="Discount on the whole (%)"
            inputMode="decimal"
            placeholder="0"
            {...form.getInputProps('discountPercent')}
            {...header}
          />
          <Switch
            label="Prices include tax"
            mt={{ base: 0, md: 30 }}
            {...form.getInputProps('pricesIncludeTax', { type: 'checkbox' })}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
          <Textarea
            label="Notes"
            description="Shown above the lines"
            autosize
            minRows={1}
            maxLength={5000}
            {...form.getInputProps('notes')}
          />
          <Textarea
            label="Terms"
            description="Shown at the foot: bank details, late fees"
            autosize
            minRows={1}
            maxLength={5000}
            {...form.getInputProps('terms')}
          />
        </SimpleGrid>
      </Collapse>
      <CustomerFormModal
        opened={adding}
        onClose={add.close}
        initialName={typed}
        onSaved={(c) => {
          form.setFieldValue('customerId', c.id);
          setTyped(c.name);
        }}
      />
    </Paper>
  );
}
