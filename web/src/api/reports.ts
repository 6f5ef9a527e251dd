import { currentOrg, toApiError } from './client.ts';
import type { components, paths } from './schema.gen.ts';

// The reports API for the web app. Each report answers JSON, or the same report as a file with
// `format=csv|xlsx|pdf`; both go through fetch with the organization header (a plain link could not
// send it, and would download the first organization's books).

export type TrialBalance = components['schemas']['TrialBalance'];
export type IncomeStatement = components['schemas']['IncomeStatement'];
export type StatementRow = components['schemas']['StatementRow'];
export type BalanceSheet = components['schemas']['BalanceSheet'];
export type CashFlowStatement = components['schemas']['CashFlowStatement'];
export type GeneralLedger = components['schemas']['GeneralLedger'];
export type AccountLine = components['schemas']['AccountLine'];
export type AccountActivity = components['schemas']['AccountActivity'];

export type ReportPath = Extract<keyof paths, `/api/reports/${string}`>;
export type ExportFormat = 'csv' | 'xlsx' | 'pdf';
type Query = Record<string, string | number | undefined>;

function url(path: ReportPath, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

async function send(path: ReportPath, query: Query): Promise<Response> {
  const org = currentOrg.get();
  let response: Response;
  try {
    response = await fetch(url(path, query), {
      credentials: 'same-origin',
      headers: org ? { 'x-ordo-org': org } : {},
    });
  } catch {
    throw toApiError(0, undefined);
  }
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
  return response;
}

/** A report as JSON. */
export async function fetchReport<T>(path: ReportPath, query: Query): Promise<T> {
  return (await (await send(path, query)).json()) as T;
}

/** Downloads a report as a file, named as the server names it. */
export async function downloadReport(path: ReportPath, query: Query, format: ExportFormat): Promise<void> {
  const response = await send(path, { ...query, format, limit: undefined, cursor: undefined });
  const name =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `report.${format}`;
  const href = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
