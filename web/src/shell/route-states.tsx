import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { type ErrorComponentProps, Link } from '@tanstack/react-router';

export function NotFound() {
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="xs">
        <Title order={1}>Page not found</Title>
        <Text c="dimmed">There is nothing at this address. It may have moved, or the link is mistyped.</Text>
        <Button component={Link} to="/">
          Go to the start page
        </Button>
      </Stack>
    </Center>
  );
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  return (
    <Center mih="40vh" p="md">
      <Alert color="red" title="This page could not be shown" maw={520} role="alert">
        <Stack gap="sm">
          <Text size="sm">{error instanceof Error ? error.message : String(error)}</Text>
          <Button variant="light" color="red" onClick={reset} w="fit-content">
            Try again
          </Button>
        </Stack>
      </Alert>
    </Center>
  );
}

export function PageLoader({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center mih={160} role="status" aria-live="polite">
      <Loader size="sm" aria-label={label} />
    </Center>
  );
}
