import { describe, expect, it } from 'vitest';
import { parseQuery } from '../classify/query-language.js';
import { classifyPosting, parsePostingsCsv, postingsCsv, regionCode } from './job-postings.js';

const known = new Set(['kr2022.quantum.computing', 'kr2022.semis.memory']);

describe('job postings CSV', () => {
  it('reads good rows, normalising regions and month-only dates', () => {
    const csv =
      'date,employer,region,occupation,skills,tech_tags\n' +
      '2025-03-14,Acme,Seoul,Quantum engineer,"superconducting qubit, cryogenics",kr2022.quantum.computing\n' +
      '2025-04,Beta,대전광역시,Process engineer,DRAM device integration,\n';
    const r = parsePostingsCsv(csv, 'jobs.csv', known);
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual([
      {
        sourceRow: 2,
        postedOn: '2025-03-14',
        employer: 'Acme',
        region: 'KR-11',
        occupation: 'Quantum engineer',
        skills: 'superconducting qubit, cryogenics',
        techTags: ['kr2022.quantum.computing'],
      },
      {
        sourceRow: 3,
        postedOn: '2025-04-01',
        employer: 'Beta',
        region: 'KR-30',
        occupation: 'Process engineer',
        skills: 'DRAM device integration',
        techTags: [],
      },
    ]);
  });

  it('reports every malformed row with its location and column', () => {
    const csv =
      'date,employer,region,occupation,skills\n' +
      '2025-03-14,Acme,Seoul,Engineer,x\n' +
      '2025-02-30,Acme,Atlantis,Engineer,x\n' +
      '2025-03-01,,Busan,Engineer\n';
    const r = parsePostingsCsv(csv, 'jobs.csv', known);
    expect(r.issues).toEqual([
      { field: 'date', message: '"2025-02-30" is not YYYY-MM-DD or YYYY-MM', location: 'jobs.csv:3' },
      {
        field: 'region',
        message: '"Atlantis" is not a Korean region (ISO 3166-2:KR code, English or Korean name)',
        location: 'jobs.csv:3',
      },
      { field: 'row', message: 'has 4 fields, the header has 5', location: 'jobs.csv:4' },
      { field: 'employer', message: 'is empty', location: 'jobs.csv:4' },
    ]);
  });

  it('refuses a file without the required columns and unknown technology tags', () => {
    expect(parsePostingsCsv('date,employer\n2025-01,A\n', 'f.csv', known).issues.map((i) => i.field)).toEqual(
      ['region', 'occupation', 'skills'],
    );
    const bad = parsePostingsCsv(
      'date,employer,region,occupation,skills,tech_tags\n2025-01,A,KR-11,E,x,kr2022.nope\n',
      'f.csv',
      known,
    );
    expect(bad.issues).toEqual([
      { field: 'tech_tags', message: 'unknown technology id "kr2022.nope"', location: 'f.csv:2' },
    ]);
  });

  it('round-trips through the CSV writer', () => {
    const rows = [
      {
        postedOn: '2025-01-02',
        employer: 'A, "quoted"',
        region: 'KR-41',
        occupation: 'E',
        skills: 's',
        techTags: [],
      },
    ];
    expect(parsePostingsCsv(postingsCsv(rows), 'g.csv', known).rows[0]).toMatchObject(rows[0]!);
    expect(regionCode('gyeonggi-do')).toBe('KR-41');
  });
});

describe('posting classification', () => {
  const recipes = [
    { techId: 'kr2022.quantum.computing', version: 1, query: parseQuery('"quantum computing" OR qubit') },
    { techId: 'kr2022.semis.memory', version: 2, query: parseQuery('(DRAM OR MRAM) AND (memory OR device)') },
  ];
  it('uses tags and the recipe queries on occupation and skills', () => {
    expect(
      classifyPosting({ occupation: 'Engineer', skills: 'qubits and cryogenics', techTags: [] }, recipes),
    ).toEqual([{ techId: 'kr2022.quantum.computing', matchedBy: 'query', recipeVersion: 1 }]);
    expect(
      classifyPosting(
        { occupation: 'DRAM device engineer', skills: '', techTags: ['kr2022.quantum.computing'] },
        recipes,
      ),
    ).toEqual([
      { techId: 'kr2022.quantum.computing', matchedBy: 'tag', recipeVersion: null },
      { techId: 'kr2022.semis.memory', matchedBy: 'query', recipeVersion: 2 },
    ]);
    expect(
      classifyPosting({ occupation: 'Accountant', skills: 'DRAM pricing', techTags: [] }, recipes),
    ).toEqual([]);
  });
});
