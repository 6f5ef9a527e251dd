// Bundles our TypeScript into dist/ordo.mjs (dependencies stay in node_modules), so `ordo` starts
// without a TypeScript loader in the way. Runs on `npm ci` (prepare) and before `npm start`.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/ordo.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
