import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
/** Screenshots of every page the browser tests visit (test-results/ is ignored by git). */
export const SHOTS_DIR = path.join(ROOT, 'test-results', 'e2e');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');
