// Builds what `ordo start` serves: the server bundle (dist/ordo.mjs; dependencies stay in
// node_modules, so `ordo` starts without a TypeScript loader) and the web app (dist/web, with
// gzipped copies the server sends to browsers that accept them). Runs on `npm ci` (prepare) and
// before `npm start`; the web build is skipped while dist/web is newer than its sources.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
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

const newest = (entry) => {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
};
const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

const webSources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/core', 'package-lock.json'];
if (process.env.ORDO_FORCE_WEB_BUILD || mtime('dist/web/index.html') < Math.max(...webSources.map(newest))) {
  const started = Date.now();
  process.stdout.write('Building the web app… ');
  const { build: vite } = await import('vite');
  await vite({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
  const gzip = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) gzip(full);
      else if (/\.(js|css|html|svg|json)$/.test(entry.name))
        writeFileSync(`${full}.gz`, gzipSync(readFileSync(full), { level: 9 }));
    }
  };
  gzip('dist/web');
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
