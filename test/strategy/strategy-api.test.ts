/**
 * The Global R&D Strategy Map end to end on a small hand-made corpus: works → classification → rollup → partner
 * ranking with decomposed scores, cooperation types and organisations; weights move the ranking as expected;
 * country-pair aggregates feed the overall ties; the PDF brief opens and shows the ranking.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinCountries } from '../../src/aggregates/aggregate-queries.js';
import { buildApp } from '../../src/api/app.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import type {
  PartnerViewResponse,
  StrategyMatrixResponse,
  TechnologyStrategyResponse,
} from '../../src/shared/schemas/strategy.js';
import { strategyBrief } from '../../src/strategy/strategy-brief.js';
import { technologyStrategy } from '../../src/strategy/strategy-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { writeWorks, type WorkSpec } from '../helpers/openalex-works.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-strategy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TECH = 'kr2022.quantum.computing';
const TITLE = 'Quantum computing with superconducting qubits';
const ALGO = 10682; // Quantum Computing Algorithms and Architecture
const INFO = 10020; // Quantum Information and Cryptography

/**
 * 33 works, 2021–2025. CN leads on output and citations (alignment 0.2), US second; KR is strong only in the
 * INFO topic; DE's only works are with KR (strong ties), US has one work with KR.
 */
function corpus(): WorkSpec[] {
  const specs: WorkSpec[] = [];
  let id = 1000;
  const add = (n: number, countries: string[], topic: number, cited: number) => {
    for (let i = 0; i < n; i++)
      specs.push({ id: id++, year: 2021 + (i % 5), title: TITLE, countries, topics: [[topic, 0.9]], cited });
  };
  add(4, ['KR'], INFO, 5);
  add(10, ['US'], ALGO, 20);
  add(12, ['CN'], ALGO, 30);
  add(4, ['DE', 'KR'], INFO, 2);
  add(1, ['US', 'KR'], ALGO, 10);
  add(2, ['JP'], ALGO, 1);
  return specs;
}

/** Text drawn with the standard fonts: hex strings in the page content streams (pdfkit compresses them). */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g))
      parts.push(
        [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)]
          .map((h) => Buffer.from(h[1]!, 'hex').toString('latin1'))
          .join(''),
      );
  }
  return parts.join('\n');
}

for (const target of TEST_TARGETS) {
  describe(`strategy map on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      const h = t.handle;
      await seedFirstRun(h, () => {}, [taxonomySeeder]);
      await loadBuiltinCountries(h.db);
      await seedStarterRecipes(h.db);
      writeWorks(join(dir, `${target}.jsonl`), corpus());
      await ingestOpenAlex(h, join(dir, `${target}.jsonl`));
      await classifyWorks(h, { techIds: [TECH] });
      await rollup(h);
      // Country-pair aggregates for 2023 (hand-made): N = (100 + 1000 + 200 + 800 + 300) / 2 = 1200.
      await h.db
        .insertInto('coauthor_country_year')
        .values(
          Object.entries({ KR: 100, US: 1000, DE: 200, CN: 800, JP: 300 }).map(([country, works]) => ({
            year: 2023,
            country,
            works,
            partner_countries: null,
          })),
        )
        .execute();
      await h.db
        .insertInto('coauthor_pair')
        .values([
          { year: 2023, country_a: 'KR', country_b: 'US', works: 30 },
          { year: 2023, country_a: 'DE', country_b: 'KR', works: 10 },
          { year: 2023, country_a: 'CN', country_b: 'KR', works: 20 },
          { year: 2023, country_a: 'JP', country_b: 'KR', works: 5 },
        ])
        .execute();
      app = await buildApp({ handle: h });
      await app.ready();
    });
    afterAll(() => app?.close());

    const get = async <T>(url: string): Promise<T> => {
      const res = await app.inject({ url });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as T;
    };
    const order = (s: TechnologyStrategyResponse) => s.partners.map((p) => p.country);

    it('ranks partners with decomposed scores, cooperation types, organisations, method and vintage', async () => {
      const s = await get<TechnologyStrategyResponse>(`/api/v1/strategy/technologies/${TECH}?to=2025`);
      expect(s.params).toMatchObject({ from: 2021, to: 2025, home: 'KR', tiesSource: 'technology' });
      expect(s.params.weights).toEqual({
        strength: 0.35,
        complementarity: 0.3,
        ties: 0.2,
        momentum: 0.15,
        alignment: 1,
      });
      expect(s.method.score).toMatch(/0\.35·S/);
      expect(s.vintage.latestYear).toBe(2025);
      expect(order(s).sort()).toEqual(['CN', 'DE', 'JP', 'US']);
      for (const p of s.partners) {
        const sum = Object.values(p.components).reduce((a, c) => a + c.contribution, 0);
        expect(sum).toBeCloseTo(p.score, 9);
        expect(p.cooperation.reason.length).toBeGreaterThan(20);
      }
      // Sub-areas are the two topics; KR leads INFO, so complementarity comes from ALGO only.
      expect(s.subareas.kind).toBe('topics');
      expect(s.subareas.items.map((x) => x.id).sort()).toEqual([`T${INFO}`, `T${ALGO}`]);
      expect(s.subareas.items.find((x) => x.id === `T${ALGO}`)?.label).toBe(
        'Quantum Computing Algorithms and Architecture',
      );
      // Within-technology ties by hand: N = 33, s_KR = 9, s_DE = 4, c = 4 → AS* = 33·4/36.
      const de = s.partners.find((p) => p.country === 'DE')!;
      expect(de.ties.technology).toMatchObject({ coWorks: 4, homeWorks: 9, partnerWorks: 4, n: 33 });
      expect(de.ties.technology.associationScaled).toBeCloseTo(132 / 36, 9);
      expect(de.components.ties.value).toBeCloseTo(132 / 36 / (1 + 132 / 36), 9);
      expect(de.alignment).toMatchObject({ value: 1, group: 'g7' });
      const cn = s.partners.find((p) => p.country === 'CN')!;
      expect(cn.level).toBe(100);
      expect(cn.alignment).toMatchObject({ value: 0.2, group: 'countries_of_concern' });
      expect(cn.cooperation.partnerAhead).toBe(true);
      // Overall ties from the aggregates: AS*_DE = 1200·10/(100·200) = 0.6.
      expect(de.ties.overall?.associationScaled).toBeCloseTo(0.6, 9);
      // Partner organisations: the US institution co-authored one work with the KR institution.
      const us = s.organisations.find((o) => o.partner === 'US')!;
      expect(us.partnerInstitutions[0]).toMatchObject({ name: 'US University', coWorksWithHome: 1 });
      expect(us.partnerInstitutions[0]!.homePartners[0]).toMatchObject({ name: 'KR University', coWorks: 1 });
      expect(us.homeInstitutions[0]).toMatchObject({ name: 'KR University', coWorksWithPartner: 1 });
      expect(s.sensitivity.cases).toHaveLength(10);
    });

    it('changing the weights changes the ranking as expected', async () => {
      const base = `/api/v1/strategy/technologies/${TECH}?to=2025`;
      // Strength alone, alignment ignored: the leader in the technology (CN) comes first.
      const strengthOnly = await get<TechnologyStrategyResponse>(
        `${base}&strength=1&complementarity=0&ties=0&momentum=0&alignment=0`,
      );
      expect(order(strengthOnly)[0]).toBe('CN');
      // With alignment multiplying, the country of concern drops below the US.
      const aligned = await get<TechnologyStrategyResponse>(
        `${base}&strength=1&complementarity=0&ties=0&momentum=0&alignment=1`,
      );
      expect(order(aligned).indexOf('US')).toBeLessThan(order(aligned).indexOf('CN'));
      // Ties alone: DE, whose every work is with KR, comes first, within the technology and overall.
      const tiesOnly = await get<TechnologyStrategyResponse>(
        `${base}&strength=0&complementarity=0&ties=1&momentum=0`,
      );
      expect(order(tiesOnly)[0]).toBe('DE');
      const overall = await get<TechnologyStrategyResponse>(
        `${base}&strength=0&complementarity=0&ties=1&momentum=0&tiesSource=overall`,
      );
      expect(overall.ties.used).toBe('overall');
      expect(order(overall)[0]).toBe('DE');
      // All weights zero is refused.
      const bad = await app.inject({ url: `${base}&strength=0&complementarity=0&ties=0&momentum=0` });
      expect(bad.statusCode).toBe(400);
    });

    it('exports CSV, the partner view and the matrix', async () => {
      const csv = await app.inject({ url: `/api/v1/strategy/technologies/${TECH}?to=2025&format=csv` });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.body.trim().split('\n');
      expect(lines[0]).toMatch(/^# kr2022\.quantum\.computing 2021-2025, home KR/);
      expect(lines[1]).toMatch(/^rank,country,score,strength,complementarity,ties,momentum,alignment/);
      expect(lines).toHaveLength(2 + 4);

      const v = await get<PartnerViewResponse>('/api/v1/strategy/partners/us?to=2025');
      expect(v.partner).toBe('US');
      expect(v.alignment.group).toBe('g7');
      const qc = v.technologies.find((x) => x.techId === TECH)!;
      expect(qc.rank).not.toBeNull();
      expect(qc.complementarity).toBeGreaterThan(0);
      expect(v.technologies[0]!.complementarity).toBeGreaterThanOrEqual(qc.complementarity!);

      const m = await get<StrategyMatrixResponse>('/api/v1/strategy/matrix?to=2025&partners=3');
      expect(m.partners).toHaveLength(3);
      const row = m.technologies.findIndex((x) => x.techId === TECH);
      expect(m.cells[row]!.every((c) => c.score !== null)).toBe(true);

      const groups = await get<{ groups: Array<{ id: string }> }>('/api/v1/strategy/country-groups');
      expect(groups.groups.map((g) => g.id)).toContain('countries_of_concern');
    });

    it('writes a one-page PDF brief that shows the ranking and the partner organisations', async () => {
      const s = await technologyStrategy(t.handle.db, TECH, { to: 2025 });
      const brief = await strategyBrief(s, {
        names: new Map([
          ['US', 'United States'],
          ['CN', 'China'],
        ]),
        englishOnly: true,
        shapes: [{ country: 'US', path: 'M 100 100 L 200 100 L 200 200 Z' }],
      });
      expect(brief.pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(brief.pdf.toString('latin1')).toMatch(/\/Count 1\b/);
      expect(brief.map).toBe(true);
      const text = pdfText(brief.pdf);
      expect(text).toContain('Global R&D Strategy Map: Quantum computing');
      for (const p of s.partners) expect(text).toContain(`${p.country} `);
      expect(text).toContain('US United States');
      expect(text).toContain(s.partners[0]!.score.toFixed(3));
      expect(text).toContain('Partner organisations');
      expect(text).toContain('US University');
      expect(text).toContain('Partner score by country');

      const res = await app.inject({ url: `/api/v1/strategy/technologies/${TECH}/brief.pdf?to=2025` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
}
