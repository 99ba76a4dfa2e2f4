import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { HAND_MADE, jsonLines, writePartition } from '../helpers/openalex-files.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-ingest-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const run = cliRunner({ CETMAP_HOME: home });

describe('cetmap ingest / quarantine / demo', () => {
  const snapshot = join(home, 'snapshot');
  const good = jsonLines(HAND_MADE);
  writePartition(snapshot, '2025-01-01', 'part_000', [good[0]!, 'not json at all', good[1]!]);
  writePartition(
    snapshot,
    '2025-01-02',
    'part_000',
    Array.from({ length: 200 }, (_, i) => good[2]!.replace('W102', `W${500 + i}`)),
    0.6,
  );

  it('ingests the good records, quarantines the bad ones and exits with 3', async () => {
    const r = await run('ingest', 'openalex', snapshot);
    expect(r.code, r.err).toBe(3);
    expect(r.out).toMatch(
      /ingest run \d+: \d+ records from 2 file\(s\): \d+ ingested, 0 updated, 0 unchanged, 2 quarantined/,
    );
    expect(r.err).toMatch(/2 record\(s\) quarantined/);
  });

  it('lists and shows the quarantined records', async () => {
    const list = await run('quarantine', 'list', '--format', 'json');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.out) as { id: number; reason: string; locator: string }[];
    expect(rows).toHaveLength(2);
    expect(rows.some((r) => /^malformed JSON/.test(r.reason) && r.locator.endsWith('part_000.gz:2'))).toBe(
      true,
    );
    expect(
      rows.some((r) => /^damaged gzip stream after line \d+: unexpected end of file/.test(r.reason)),
    ).toBe(true);
    const shown = await run(
      'quarantine',
      'show',
      String(rows.find((r) => r.reason.startsWith('malformed'))!.id),
    );
    expect(shown.out).toMatch(/raw:\nnot json at all/);
    expect((await run('quarantine', 'show', '99999')).code).toBe(1);
  });

  it('a second run finds the files done, changes nothing and exits 0', async () => {
    const r = await run('ingest', 'openalex', snapshot);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 records from 2 file\(s\), 2 already done/);
  });

  it('rejects a bad --since', async () => {
    const r = await run('ingest', 'openalex', snapshot, '--since', 'yesterday');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--since must be a date/);
  });

  it('generates a demo snapshot and loads a small demo corpus marked synthetic', async () => {
    const out = join(home, 'demo');
    const g = await run('demo', 'generate', '--works', '300', '--seed', '5', '--out', out);
    expect(g.code, g.err).toBe(0);
    expect(g.out).toMatch(/wrote 300 synthetic works in 4 part file\(s\)/);
    const ingest = await run('ingest', 'openalex', out);
    expect(ingest.code).toBe(0);
    expect(ingest.out).toMatch(/300 ingested/);
    const d = await run('demo', '--works', '300', '--seed', '5');
    expect(d.code, d.err).toBe(0);
    expect(d.out).toMatch(/0 ingested, 0 updated, 300 unchanged/); // same seed, same corpus
  });
});
