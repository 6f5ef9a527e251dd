import { Kbd, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { NavSection } from './nav.ts';

const typingInto = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Two-key sequences such as `g m` (go to members) and single keys such as `?`. Ignored while the
 * user types in a field, and with modifier keys held, so they never eat real input.
 */
export function useKeySequences(bindings: Record<string, () => void>) {
  const pending = useRef<{ key: string; at: number } | null>(null);
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
      const key = event.key;
      const previous = pending.current;
      if (previous && Date.now() - previous.at < 1200) {
        const run = latest.current[`${previous.key} ${key}`];
        pending.current = null;
        if (run) {
          event.preventDefault();
          run();
          return;
        }
      }
      const single = latest.current[key];
      if (single) {
        event.preventDefault();
        single();
        return;
      }
      if (Object.keys(latest.current).some((k) => k.startsWith(`${key} `)))
        pending.current = { key, at: Date.now() };
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** `g m` → <kbd>g</kbd> then <kbd>m</kbd>. */
const keys = (combo: string) =>
  combo.split(' ').map((k, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: a combo's keys may repeat (`g g`); the list never reorders
    <span key={`${i}:${k}`}>
      {i > 0 && ' then '}
      <Kbd>{k}</Kbd>
    </span>
  ));

/** Keys that work on one screen, listed in the help under that screen's name. */
const SCREEN_SHORTCUTS: { screen: string; rows: [keys: string[], what: string][] }[] = [
  {
    screen: 'Journal entry',
    rows: [
      [['Enter'], 'Next cell (in the account list: choose the highlighted account)'],
      [['Tab'], 'Next cell; a new line appears as the last one fills'],
      [['='], 'In an empty debit or credit: the amount that balances the entry'],
      [['Ctrl', 'Enter'], 'Post the entry (when it balances)'],
      [['Ctrl', 'S'], 'Save as draft'],
      [['Ctrl', 'Shift', 'Backspace'], 'Remove the current line'],
    ],
  },
  {
    screen: 'Invoice, quote and credit note',
    rows: [
      [['Enter'], 'Next cell; past the last one, a new line (in a list: choose the highlighted entry)'],
      [['↑', '↓'], 'Same cell on the line above or below'],
      [['←', '→'], 'Previous or next cell from the start or end of a field'],
      [['Ctrl', 'Enter'], 'Save'],
      [['Ctrl', 'Shift', 'Backspace'], 'Remove the current line'],
    ],
  },
];

export function ShortcutsHelp({
  opened,
  onClose,
  nav,
}: {
  opened: boolean;
  onClose: () => void;
  nav: NavSection[];
}) {
  const rows: [string, string][] = [
    ['Ctrl K', 'Search pages and records (⌘K on a Mac)'],
    ['?', 'Show this list'],
    ...nav.flatMap((s) =>
      s.items.filter((i) => i.shortcut).map((i) => [i.shortcut!, `Go to ${i.label}`] as [string, string]),
    ),
  ];
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          Shortcuts work anywhere except while typing in a field.
        </Text>
        <Table striped>
          <Table.Tbody>
            {rows.map(([combo, what]) => (
              <Table.Tr key={combo}>
                <Table.Td w={140}>
                  {combo === 'Ctrl K' ? (
                    <>
                      <Kbd>Ctrl</Kbd> <Kbd>K</Kbd>
                    </>
                  ) : (
                    keys(combo)
                  )}
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {SCREEN_SHORTCUTS.map((group) => (
          <Stack gap={4} key={group.screen}>
            <Title order={2} size="h6">
              On the {group.screen.toLowerCase()} screen
            </Title>
            <Table striped>
              <Table.Tbody>
                {group.rows.map(([combo, what]) => (
                  <Table.Tr key={what}>
                    <Table.Td w={140}>
                      {combo.map((k, i) => (
                        <span key={k}>
                          {i > 0 && ' + '}
                          <Kbd>{k}</Kbd>
                        </span>
                      ))}
                    </Table.Td>
                    <Table.Td>{what}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
      </Stack>
    </Modal>
  );
}
