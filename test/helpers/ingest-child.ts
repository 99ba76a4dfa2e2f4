/**
 * A child process for the kill-and-resume test: ingests argv[3] into the database named by argv[2]
 * (a PGlite directory, or a postgres:// URL) in small batches, printing a line after each batch.
 */
import { openDatabase } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';

const [target, input, batchSize] = process.argv.slice(2) as [string, string, string];
const handle = await openDatabase(
  target.startsWith('postgres')
    ? { kind: 'postgres', url: target, poolSize: 2 }
    : { kind: 'pglite', dataDir: target },
);
await migrateToLatest(handle.db, { kind: handle.kind });
const summary = await ingestOpenAlex(handle, input, {
  batchSize: Number(batchSize),
  workers: 2, // the kill must also be safe with parse threads reading two files at once
  onProgress: (p) => process.stdout.write(`progress ${p.records}\n`),
});
process.stdout.write(`summary ${JSON.stringify(summary)}\n`);
await handle.close();
