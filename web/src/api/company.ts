import { queryOptions } from '@tanstack/react-query';
import { api, currentOrg, toApiError, unwrap } from './client.ts';
import type { components } from './schema.gen.ts';

export type CompanyProfile = components['schemas']['CompanyProfile'];
export type CompanyLogo = NonNullable<components['schemas']['CompanyLogo']>;

export const companyQuery = queryOptions({
  queryKey: ['company'],
  queryFn: () => unwrap(api.GET('/api/company')),
});

/** The logo's URL; the version busts the browser cache after an upload. */
export const logoUrl = (version: string | number) => `/api/company/logo?v=${version}`;

// The logo endpoints take and give raw image bytes, which openapi-fetch handles awkwardly, so these
// use fetch directly, with the same cookie and organization header as every other call.

const orgHeaders = (): Record<string, string> => {
  const org = currentOrg.get();
  return org ? { 'x-ordo-org': org } : {};
};

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: { ...orgHeaders(), ...init.headers },
    });
  } catch {
    throw toApiError(0, undefined);
  }
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
  return response;
}

/**
 * The logo image of the current organization. Fetched rather than linked from an <img>, because an
 * <img> cannot send the organization header and would show the first organization's logo instead.
 */
export const logoQuery = (version: string | undefined) =>
  queryOptions({
    queryKey: ['company', 'logo', currentOrg.get(), version],
    queryFn: async () => (await send(logoUrl(version ?? 'none'), {})).blob(),
    enabled: version !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });

/** Uploads a logo: the body is the file itself, sent with its own content type. */
export async function uploadLogo(file: Blob): Promise<CompanyLogo> {
  const response = await send('/api/company/logo', {
    method: 'PUT',
    headers: { 'content-type': file.type },
    body: file,
  });
  return (await response.json()) as CompanyLogo;
}

export async function removeLogo(): Promise<void> {
  await send('/api/company/logo', { method: 'DELETE' });
}
