/**
 * One measurement of the ingest benchmark, in its own process so that its peak RSS is its own, on the compiled code
 * the `cetmap` command runs (dist/; ingest.bench.ts builds it first):
 *   floor <dir>              read + gunzip + JSON.parse of every line (what any loader must pay)
 *   pglite <dir> <dataDir>   cetmap ingest into embedded PGlite on disk
 *   postgres <dir> <url>     cetmap ingest into PostgreSQL
 * An optional last argument sets the parse worker threads (default 0).
 * Prints one JSON line: { works, seconds, peak_rss_mb }.
 */
import { openDatabase } from '../dist/server/db/create-db.js';
import { migrateToLatest } from '../dist/server/db/migrate.js';
import { ingestOpenAlex } from '../dist/server/ingest/ingest-openalex.js';
import { readLines } from '../dist/server/ingest/read-lines.js';
import { listInputFiles } from '../dist/server/ingest/snapshot-files.js';

const [mode, dir, target, workerArg] = process.argv.slice(2);
const workers = Number(workerArg ?? 0);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

let works = 0;
let seconds = 0;
if (mode === 'floor') {
  const start = process.hrtime.bigint();
  for (const file of listInputFiles(dir)) {
    for await (const item of readLines(file.path).lines) {
      if (item.kind === 'line' && item.text !== '') {
        JSON.parse(item.text);
        works++;
      }
    }
  }
  seconds = Number(process.hrtime.bigint() - start) / 1e9;
} else {
  const handle = await openDatabase(
    mode === 'postgres'
      ? { kind: 'postgres', url: target, poolSize: 2 }
      : { kind: 'pglite', dataDir: target },
  );
  await migrateToLatest(handle.db, { kind: handle.kind });
  const start = process.hrtime.bigint();
  const summary = await ingestOpenAlex(handle, dir, { workers });
  seconds = Number(process.hrtime.bigint() - start) / 1e9;
  works = summary.ingested;
  await handle.close();
}
process.stdout.write(JSON.stringify({ works, seconds, peak_rss_mb: peakRssMb() }) + '\n');
