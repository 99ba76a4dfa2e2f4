/**
 * A child process for the single-owner test: opens the embedded database in argv[2], then obeys lines on
 * stdin: `write <id>` inserts a data set row, `count` prints the row count, `exit` closes cleanly.
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';

const handle = await openDatabase({ kind: 'pglite', dataDir: process.argv[2] });
await migrateToLatest(handle.db, { kind: handle.kind });
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(' ');
  if (command === 'write') {
    await handle.db.insertInto('dataset').values({ id: arg!, kind: 'test', title: 'held' }).execute();
    process.stdout.write('written\n');
  } else if (command === 'count') {
    const rows = await handle.db.selectFrom('dataset').select('id').execute();
    process.stdout.write(`count ${rows.length}\n`);
  } else if (command === 'exit') {
    break;
  }
}
await handle.close();
process.stdout.write('closed\n');
