import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// bench/RESULTS.md holds one section per benchmark, each between markers, so running one benchmark
// (`npm run bench -- ledger`) replaces its own section and keeps the others' latest figures.

const FILE = path.resolve(import.meta.dirname, 'RESULTS.md');
const HEADER = `# Benchmark results

Each section names the command that produced it. Medians, because the machine (2 cores) is shared.
`;

export function writeSection(name: string, markdown: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  if (!text.includes('<!-- bench:')) text = HEADER; // the old single-table layout
  const at = text.indexOf(start);
  const until = text.indexOf(end);
  text =
    at >= 0 && until > at
      ? `${text.slice(0, at)}${block}${text.slice(until + end.length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, text);
}
