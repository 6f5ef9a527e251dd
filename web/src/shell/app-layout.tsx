import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  Kbd,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import {
  IconChevronDown,
  IconKeyboard,
  IconLogout,
  IconMoon,
  IconPlus,
  IconSearch,
  IconShieldLock,
  IconSun,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate, useRouteContext, useRouter } from '@tanstack/react-router';
import { useMemo } from 'react';
import { auth } from '../api/auth.ts';
import { currentOrg } from '../api/client.ts';
import { CommandPalette } from './command-palette.tsx';
import { visibleNav } from './nav.ts';
import { ShortcutsHelp, useKeySequences } from './shortcuts.tsx';

/** The workspace every module plugs into: navigation, organization switcher, search, shortcuts. */
export function AppLayout() {
  const { me, permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const [navOpened, nav] = useDisclosure();
  // Below the `sm` breakpoint the navbar folds off-screen; it must then leave the tab order too.
  const narrow = useMediaQuery('(max-width: 47.99em)');
  const [helpOpened, help] = useDisclosure();
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const sections = useMemo(() => visibleNav(permissions), [permissions]);
  const org = me.memberships.find((m) => m.orgId === me.actor?.orgId);
  // The most specific page the address is in: /finance/journal/… is the Journal, not Finance overview.
  const activeTo = sections
    .flatMap((s) => s.items.map((i) => i.to))
    .filter((to) => pathname === to || (to !== '/' && pathname.startsWith(`${to}/`)))
    .sort((a, b) => b.length - a.length)[0];

  const switchOrg = async (slug: string) => {
    currentOrg.set(slug);
    queryClient.clear();
    await router.invalidate();
    await navigate({ to: '/' });
  };

  const signOut = async () => {
    await auth.signOut().catch(() => {});
    currentOrg.set(null);
    queryClient.clear();
    await navigate({ to: '/sign-in', search: { redirect: undefined } });
  };

  const bindings: Record<string, () => void> = { '?': help.open };
  for (const item of sections.flatMap((s) => s.items))
    if (item.shortcut) bindings[item.shortcut] = () => navigate({ to: item.to });
  useKeySequences(bindings);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="lg"
    >
      <a href="#main" className="ordo-skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          {/* The organization name gives way (ellipsis) so the header fits a 320 px phone. */}
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Open navigation"
              aria-expanded={navOpened}
              aria-controls="ordo-navbar"
              style={{ flexShrink: 0 }}
            />
            <Text
              component={Link}
              to="/"
              fw={750}
              size="lg"
              c="blue"
              td="none"
              aria-label="Ordo, start page"
              style={{ flexShrink: 0 }}
            >
              Ordo
            </Text>
            <Menu position="bottom-start" width={260}>
              <Menu.Target>
                <UnstyledButton
                  aria-label={`Organization: ${org?.name ?? ''}. Switch organization`}
                  px={6}
                  miw={0}
                >
                  <Group gap={4} wrap="nowrap" miw={0}>
                    <Text size="sm" fw={600} truncate maw={220}>
                      {org?.name}
                    </Text>
                    <IconChevronDown size={14} aria-hidden style={{ flexShrink: 0 }} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Your organizations</Menu.Label>
                {me.memberships.map((m) => (
                  <Menu.Item
                    key={m.orgId}
                    onClick={() => switchOrg(m.slug)}
                    rightSection={
                      <Text size="xs" c="dimmed">
                        {m.role}
                      </Text>
                    }
                    aria-current={m.orgId === org?.orgId ? 'true' : undefined}
                    fw={m.orgId === org?.orgId ? 700 : undefined}
                  >
                    {m.name}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Menu.Item
                  leftSection={<IconPlus size={16} />}
                  component={Link}
                  to="/settings/organizations/new"
                >
                  New organization
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            {/* Named by what it shows ("Search Ctrl K"), so speech users can say what they see. */}
            <UnstyledButton
              onClick={() => spotlight.open()}
              aria-keyshortcuts="Control+K"
              className="ordo-search"
            >
              <Group gap={8} wrap="nowrap">
                <IconSearch size={16} aria-hidden />
                <Text size="sm" c="dimmed" visibleFrom="xs">
                  Search
                </Text>
                <VisuallyHidden hiddenFrom="xs">Search</VisuallyHidden>
                <Kbd size="xs" visibleFrom="sm">
                  Ctrl K
                </Kbd>
              </Group>
            </UnstyledButton>
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={help.open}
                aria-label="Keyboard shortcuts"
                visibleFrom="xs"
              >
                <IconKeyboard size={18} />
              </ActionIcon>
            </Tooltip>
            <ThemeToggle />
            <Menu position="bottom-end" width={240}>
              <Menu.Target>
                <UnstyledButton aria-label={`Account: ${me.user?.email}`}>
                  <Avatarish name={me.user?.name || me.user?.email || '?'} />
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.user?.email}</Menu.Label>
                <Menu.Item
                  leftSection={<IconShieldLock size={16} />}
                  component={Link}
                  to="/settings/security"
                >
                  Security
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={signOut}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar id="ordo-navbar" p="xs" aria-label="Main navigation" inert={narrow && !navOpened}>
        <AppShell.Section grow component={ScrollArea}>
          <nav aria-label="Sections">
            <Stack gap="md">
              {sections.map((section) => (
                <div key={section.label}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                    {section.label}
                  </Text>
                  {section.items.map((item) => {
                    const active = item.to === activeTo;
                    return (
                      <NavLink
                        key={item.to}
                        component={Link}
                        to={item.to}
                        // The router would mark /finance active on /finance/journal too; `activeTo` decides.
                        activeOptions={{ exact: true }}
                        label={item.label}
                        leftSection={<item.icon size={18} stroke={1.6} />}
                        active={active}
                        aria-current={active ? 'page' : undefined}
                        onClick={nav.close}
                      />
                    );
                  })}
                </div>
              ))}
            </Stack>
          </nav>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>

      <CommandPalette
        nav={sections}
        permissions={permissions}
        memberships={me.memberships}
        onSwitchOrg={switchOrg}
      />
      <ShortcutsHelp opened={helpOpened} onClose={help.close} nav={sections} />
    </AppShell>
  );
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: true });
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="subtle"
        color="gray"
        onClick={() => setColorScheme(next)}
        aria-label={`Switch to ${next} theme`}
      >
        {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

/**
 * Initials in a circle. They are drawn by CSS (`data-initials`), not written as text: they are
 * decoration, like an avatar picture, and the button around them is named by its aria-label.
 */
function Avatarish({ name }: { name: string }) {
  const initials = name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join('');
  return <span className="ordo-avatar" data-initials={initials} aria-hidden />;
}
