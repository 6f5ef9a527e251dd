import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client.ts';

export const companyQuery = queryOptions({
  queryKey: ['company'],
  queryFn: () => unwrap(api.GET('/api/company')),
});

/** The logo's URL; the version busts the browser cache after an upload. */
export const logoUrl = (version: string | number) => `/api/company/logo?v=${version}`;
