/**
 * `npm run bench [name…]`: runs bench/<name>.bench.ts (all of them without a name) and writes
 * bench/results/<name>.json with the machine's facts, the figures, the floors and their ratios.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchContext, machineFacts, type Bench } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const requested = process.argv.slice(2);
const unknown = requested.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

mkdirSync(join(here, 'results'), { recursive: true });
for (const name of requested.length > 0 ? requested : available) {
  console.log(`bench ${name}…`);
  const bench = (await import(`./${name}.bench.ts`)) as { default: Bench };
  const started = Date.now();
  const result = await bench.default(benchContext((line) => console.log(`  ${line}`)));
  const record = {
    name,
    date: new Date().toISOString(),
    duration_s: Math.round((Date.now() - started) / 100) / 10,
    machine: machineFacts(),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...result,
  };
  writeFileSync(join(here, 'results', `${name}.json`), JSON.stringify(record, null, 2) + '\n');
  console.log(`  ratios: ${JSON.stringify(result.ratios)} → bench/results/${name}.json`);
}
