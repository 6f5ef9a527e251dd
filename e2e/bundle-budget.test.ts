import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { ROOT, WEB_DIST } from './paths.ts';

// The production build (dist/web, built by the global setup) keeps its first load small and ships
// each page as its own chunk, loaded when the page is first opened.

const BUDGET_BYTES = 250_000; // gzipped JavaScript the browser must fetch before the first page

const html = readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
const assetPath = (url: string) => path.join(WEB_DIST, url.replace(/^\//, ''));
const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** The scripts and module preloads index.html names, plus every chunk they import statically. */
function initialScripts(): string[] {
  const named = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
  ].map((m) => assetPath(m[1]!));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // `import{a}from"./x.js"` or `import"./x.js"`, never `import("./x.js")` (that one is lazy).
    for (const m of readFileSync(file, 'utf8').matchAll(
      /\bimport\s*(?:[^"'();]*?\bfrom\s*)?["'](\.\/[^"']+\.js)["']/g,
    ))
      visit(path.join(path.dirname(file), m[1]!));
  };
  for (const file of named) visit(file);
  return [...seen];
}

/** Whether a built file holds a string literal, as written or with non-ASCII escaped as esbuild does. */
function holdsText(file: string, text: string): boolean {
  const content = readFileSync(file, 'utf8');
  const escaped = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return content.includes(text) || content.includes(escaped);
}

const initial = initialScripts();
const chunks = readdirSync(path.join(WEB_DIST, 'assets'))
  .filter((name) => name.endsWith('.js'))
  .map((name) => path.join(WEB_DIST, 'assets', name));

it(`loads at most ${kb(BUDGET_BYTES)} of gzipped JavaScript before the first page`, () => {
  expect(initial.length).toBeGreaterThan(0);
  const sizes = initial.map((file) => ({ file: path.relative(WEB_DIST, file), gzip: gzipped(file) }));
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  const css = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) =>
    gzipped(assetPath(m[1]!)),
  );
  console.log(
    [
      ...sizes.map((s) => `  ${s.file}: ${kb(s.gzip)}`),
      `initial JavaScript, gzipped: ${kb(total)} of ${kb(BUDGET_BYTES)}`,
      `(initial CSS, gzipped: ${kb(css.reduce((a, b) => a + b, 0))}, not counted)`,
    ].join('\n'),
  );
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
});

// Each page is recognised by the description its PageHeader shows, read from its own source, so the
// check follows the wording when it changes.
const PAGES = ['members-page', 'api-keys-page', 'company-page', 'audit-page'].map((name) => {
  const source = readFileSync(path.join(ROOT, 'web/src/features/settings', `${name}.tsx`), 'utf8');
  const description = /<PageHeader[\s\S]*?description="([^"]{20,})"/.exec(source)?.[1];
  return { name, description };
});

it.each(PAGES)('ships $name as its own chunk, outside the first load', ({ name, description }) => {
  expect(description, `${name}.tsx has no PageHeader description to look for`).toBeTruthy();
  const holding = chunks.filter((file) => holdsText(file, description!));
  expect(holding.map((f) => path.basename(f))).toHaveLength(1);
  const chunk = holding[0]!;
  expect(initial, `${name} is in the initial load`).not.toContain(chunk);
  // The source map agrees: the chunk is built from that page's module.
  const sources: string[] = JSON.parse(readFileSync(`${chunk}.map`, 'utf8')).sources;
  expect(sources.some((s) => s.endsWith(`features/settings/${name}.tsx`))).toBe(true);
});

it('keeps those pages apart from one another', () => {
  const owner = PAGES.map(({ description }) => chunks.find((file) => holdsText(file, description!)));
  expect(new Set(owner).size).toBe(PAGES.length);
});
