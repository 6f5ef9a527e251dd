import { QueryClient, queryOptions } from '@tanstack/react-query';
import { auth } from './auth.ts';
import { ApiError, api, unwrap } from './client.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not get better by asking again; a dropped connection might.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: () => auth.session(),
  staleTime: 60_000,
});

/** The caller: user, memberships, role and permissions in the current organization. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: () => unwrap(api.GET('/api/me')),
});

export const orgQuery = queryOptions({
  queryKey: ['org'],
  queryFn: () => unwrap(api.GET('/api/org')),
});

export const membersQuery = queryOptions({
  queryKey: ['members'],
  queryFn: () => unwrap(api.GET('/api/members')),
});

export const invitationsQuery = queryOptions({
  queryKey: ['invitations'],
  queryFn: () => unwrap(api.GET('/api/invitations')),
});

export const apiKeysQuery = queryOptions({
  queryKey: ['api-keys'],
  queryFn: () => unwrap(api.GET('/api/api-keys')),
});
