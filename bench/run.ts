// `npm run bench [-- platform|ledger|sales] [--option …]`: every benchmark, or the one named. Each
// prints its table and replaces its own section of bench/RESULTS.md. Options after the names belong
// to the benchmark (see the one's file, e.g. `ledger --size 1m --store pg`).
import { benchLedger } from './ledger.ts';
import { benchPlatform } from './platform.ts';
import { benchSales } from './sales.ts';

const BENCHES: Record<string, () => Promise<void>> = {
  platform: benchPlatform,
  ledger: benchLedger,
  sales: benchSales,
};

const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('--'));
const only = firstOption < 0 ? args : args.slice(0, firstOption);
const unknown = only.filter((name) => !BENCHES[name]);
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}
for (const [name, run] of Object.entries(BENCHES)) if (only.length === 0 || only.includes(name)) await run();
