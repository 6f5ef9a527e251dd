import { useCallback, useState } from 'react';
import { type DocumentSearch, documentSearch } from './document-search.ts';

// Saved views: named filter sets of a document list. Stored per user and organization in this
// browser's localStorage: they are a convenience of one person's screen, not shared data, so they
// need no table, API or audit. (A view lost with the browser profile is re-made in two clicks.)

export interface SavedView {
  name: string;
  search: DocumentSearch;
}

const MAX_VIEWS = 30;

function read(key: string): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    // Read through the URL's own parser: a view saved by an older version (or edited by hand) keeps
    // the filters this version knows (status, customer, dates, search) and drops the rest.
    return parsed
      .filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.search === 'object' && v.search)
      .map((v) => ({ name: v.name, search: documentSearch(v.search as Record<string, unknown>) }));
  } catch {
    return [];
  }
}

export function useSavedViews(scope: { userId: string; orgId: string; list: string }) {
  const key = `ordo.views.${scope.userId}.${scope.orgId}.${scope.list}`;
  const [views, setViews] = useState<SavedView[]>(() => read(key));
  const write = useCallback(
    (next: SavedView[]) => {
      localStorage.setItem(key, JSON.stringify(next));
      setViews(next);
    },
    [key],
  );
  return {
    views,
    /** Saves the filters under a name; a view of the same name is replaced. */
    save: (name: string, search: DocumentSearch) =>
      write([...read(key).filter((v) => v.name !== name), { name, search }].slice(-MAX_VIEWS)),
    remove: (name: string) => write(read(key).filter((v) => v.name !== name)),
  };
}
