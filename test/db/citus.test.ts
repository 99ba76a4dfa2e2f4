import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { citusDdl, TABLE_PLACEMENT } from '../../src/db/citus.js';
import { useTestDb } from '../helpers/test-db.js';

describe('Citus placement', () => {
  const t = useTestDb('pglite');

  it('places every table the migrations create, so a new table cannot be forgotten', async () => {
    const rows = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
      t.handle.db,
    );
    const { unplaced } = citusDdl(rows.rows.map((r) => r.table_name));
    expect(unplaced).toEqual([]);
  });

  it('keeps each distributed table’s primary key on its distribution column (a Citus requirement)', async () => {
    const keys = await sql<{ table_name: string; column_name: string }>`
      select tc.table_name, kcu.column_name from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_name = tc.table_name
      where tc.constraint_type in ('PRIMARY KEY', 'UNIQUE') and tc.table_schema = 'public'`.execute(
      t.handle.db,
    );
    for (const [table, p] of Object.entries(TABLE_PLACEMENT)) {
      if (p.kind !== 'distributed') continue;
      const columns = keys.rows.filter((k) => k.table_name === table).map((k) => k.column_name);
      expect([table, columns.includes(p.column)]).toEqual([table, true]);
    }
  });

  it('prints reference tables first and co-located tables after their anchor', () => {
    const { ddl } = citusDdl(['work_tech', 'work', 'country', 'tech_country_year', 'audit_log']);
    const lines = ddl.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at("create_reference_table('country')")).toBeLessThan(
      at("create_distributed_table('work', 'id')"),
    );
    expect(at("create_distributed_table('work', 'id')")).toBeLessThan(
      at("'work_tech', 'work_id', colocate_with => 'work'"),
    );
    expect(ddl).toContain("create_distributed_table('tech_country_year', 'tech_id')");
    expect(ddl).toContain('-- kept on the coordinator: audit_log');
  });
});
