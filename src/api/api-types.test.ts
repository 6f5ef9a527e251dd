import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../core/paths.ts';
import { API_TYPES_FILE, generateApiTypes } from './api-types.ts';

describe('web API types', () => {
  it('are current with the server contracts (run `npm run api:types` after changing a route)', async () => {
    const committed = readFileSync(path.join(projectRoot(), API_TYPES_FILE), 'utf8');
    expect(committed === (await generateApiTypes()), `${API_TYPES_FILE} is stale`).toBe(true);
  });
});
