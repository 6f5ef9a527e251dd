import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The project folder (where package.json is), whether this code runs from src/ through tsx or
 * from the dist/ bundle: files shipped beside the code (migrations) are found from here.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Ordo project folder');
    dir = parent;
  }
  root = dir;
  return dir;
}
