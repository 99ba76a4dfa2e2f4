// Writes cetmap's built-in technology lists (src/taxonomy/data/*.json, format in src/taxonomy/taxonomy-file.ts)
// from the compiled reference files in ../shared/reference/taxonomies. A maintainer runs it when the reference
// changes; the app itself only reads src/taxonomy/data, so a user's machine never needs ../shared.
//
//   node scripts/taxonomy-from-reference.mjs [referenceDir]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const refDir = process.argv[2] ?? join(root, '..', 'shared', 'reference', 'taxonomies');
const outDir = join(root, 'src', 'taxonomy', 'data');
const read = (name) => JSON.parse(readFileSync(join(refDir, name), 'utf8'));
const COMPILED = 'Compiled for cetmap from stored public material; see the verification note.';

const tech = (t) => ({
  id: t.id,
  parentId: t.parentId ?? null,
  kind: t.kind,
  position: t.position,
  nameKo: t.nameKo ?? null,
  nameEn: t.nameEn ?? null,
  aliases: t.aliases ?? [],
  description: t.description ?? null,
  strategyGroup: t.strategyGroup ?? null,
  gameChanger: t.gameChanger ?? false,
  highestRisk: t.highestRisk ?? false,
  verification: t.verification,
  sources: t.sources ?? [],
  note: t.note ?? null,
  predecessors: t.predecessors ?? [],
  attributes: t.attributes ?? {},
});

function write(name, data) {
  writeFileSync(join(outDir, name), JSON.stringify(data, null, 1) + '\n');
  console.log(`wrote src/taxonomy/data/${name}`);
}

// ---- Korea 2022 -------------------------------------------------------------------------------------------
function korea2022() {
  const d = read('kr-cet-2022.json');
  const g = d.groupings;
  const groupOf = (fieldId, table, values) => {
    for (const [label, value] of values) if ((table[label] ?? []).includes(fieldId)) return value;
    return null;
  };
  const master = g.master_plan_2024_groups;
  const plan = g.plan_2022_types;
  const masterLabels = [
    ['선도 (leading)', 'leading'],
    ['추격·경쟁 (catch-up and competitive)', 'catch_up'],
    ['미래도전 (future-challenge / pioneering)', 'pioneering'],
  ];
  const planLabels = [
    ['혁신선도 (innovation-leading; private-led super-gap)', 'innovation_leading'],
    ['미래도전 (future-challenge; public-private)', 'future_challenge'],
    ['필수기반 (essential-foundation; public-led)', 'essential_foundation'],
  ];
  const technologies = [];
  d.fields.forEach((f, i) => {
    technologies.push(
      tech({
        id: f.id,
        kind: 'field',
        position: i + 1,
        nameKo: f.name_ko,
        nameEn: f.name_en,
        strategyGroup: groupOf(f.id, master, masterLabels),
        gameChanger: g.game_changers_2024.fields.includes(f.id),
        verification: 'verified',
        sources: [master.source, plan.source],
        attributes: { planType2022: groupOf(f.id, plan, planLabels), keyTechCount: f.key_tech_count },
      }),
    );
    f.key_techs.forEach((k, j) => {
      technologies.push(
        tech({
          id: k.id,
          parentId: f.id,
          kind: 'technology',
          position: j + 1,
          nameKo: k.name_ko,
          nameEn: k.name_en,
          aliases: k.name_variants_ko ?? [],
          description: k.scope_ko ?? null,
          verification: k.verification,
          sources: (k.sources ?? []).map((s) => d.source_index[s] ?? s),
          note: [k.note, `English name: ${k.name_en_basis}`].filter(Boolean).join(' '),
        }),
      );
    });
  });
  return {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: {
      id: 'kr-2022',
      jurisdiction: 'KR',
      idPrefix: 'kr2022',
      titleEn: d.title_en,
      titleKo: d.title_ko,
      issuer: d.issuer,
      publishedOn: '2022-10-28',
      status: 'published',
      basedOn: null,
      verification: 'partly_verified',
      verificationNote:
        'Fields, groupings and game-changers verified in news reports. Key-technology names reconstructed per item ' +
        "from third-party compilations ('verified_name' where news also names the item); English names are translations. " +
        Object.entries(d.verification_summary)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; '),
      levelNames: {
        fieldEn: 'field',
        fieldKo: '분야',
        technologyEn: 'key technology',
        technologyKo: '중점기술',
      },
      source: {
        citation:
          'MSIT, 국가전략기술 육성방안 (2022-10-28); 국가전략기술 선정(안) (2023-12-20); 제1차 국가전략기술 육성 기본계획 (2024-08-26), as reported by news; ' +
          COMPILED,
        urls: d.timeline.flatMap((t) => t.sources),
        note: d.naming_note,
      },
      attributes: { targets: d.targets },
    },
    technologies,
  };
}

// ---- Korea 2025 (unverified revision) ---------------------------------------------------------------------
function korea2025(kr2022) {
  const d = read('kr-cet-2025.json');
  const oldFields = kr2022.technologies.filter((t) => t.kind === 'field');
  const bare = (s) => s.replace(/\s+/g, '');
  const technologies = [];
  d.fields.forEach((f, i) => {
    // The source maps key technologies only; a field with the same Korean name is its predecessor.
    const same = oldFields.filter((o) => bare(o.nameKo) === bare(f.name_ko));
    technologies.push(
      tech({
        id: f.id,
        kind: 'field',
        position: i + 1,
        nameKo: f.name_ko,
        nameEn: f.name_en,
        verification: 'unverified',
        predecessors: same.map((o) => ({ id: o.id, basis: 'derived by cetmap: same Korean field name' })),
        attributes: { keyTechCount: f.key_tech_count },
      }),
    );
    f.key_techs.forEach((k, j) => {
      technologies.push(
        tech({
          id: k.id,
          parentId: f.id,
          kind: 'technology',
          position: j + 1,
          nameKo: k.name_ko,
          nameEn: k.name_en,
          verification: 'unverified',
          note: `English name: ${k.name_en_basis}. Source: see the version's citation.`,
          predecessors: (k.predecessors_kr2022 ?? []).map((id) => ({ id, basis: k.predecessor_basis })),
        }),
      );
    });
  });
  return {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: {
      id: 'kr-2025',
      jurisdiction: 'KR',
      idPrefix: 'kr2025',
      titleEn: d.title_en,
      titleKo: d.title_ko,
      issuer: 'Ministry of Science and ICT (MSIT) — not confirmed',
      publishedOn: null,
      status: 'published',
      basedOn: 'kr-2022',
      verification: 'unverified',
      verificationNote: `${d.status}. Adoption date: ${d.adoption_date}. Verified context: ${d.what_is_verified.join(' ')}`,
      levelNames: {
        fieldEn: 'field',
        fieldKo: '분야',
        technologyEn: 'key technology',
        technologyKo: '중점기술',
      },
      source: { citation: `${d.sources.join(' ')} ${COMPILED}`, urls: [], note: null },
      attributes: {},
    },
    technologies,
  };
}

// ---- United States 2024 -----------------------------------------------------------------------------------
function us2024() {
  const d = read('us-cet-2024.json');
  const technologies = [];
  d.areas.forEach((a, i) => {
    technologies.push(
      tech({
        id: a.id,
        kind: 'field',
        position: i + 1,
        nameEn: a.name,
        verification: 'verified',
        sources: d.sources.area_list,
        note: `Change vs 2022: ${a.change_vs_2022}`,
      }),
    );
    a.subfields.forEach((s, j) => {
      technologies.push(
        tech({
          id: s.id,
          parentId: a.id,
          kind: 'technology',
          position: j + 1,
          nameEn: s.name,
          verification: 'unverified',
          sources: [d.sources.us2022_subfields],
          note: `Basis: ${s.basis}.`,
        }),
      );
    });
  });
  return {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: {
      id: 'us-2024',
      jurisdiction: 'US',
      idPrefix: 'us2024',
      titleEn: d.title,
      titleKo: '미국 핵심·신흥기술 목록 개정 (2024)',
      issuer: d.issuer,
      publishedOn: '2024-02-12',
      status: 'published',
      basedOn: null,
      verification: 'partly_verified',
      verificationNote: Object.values(d.status).join(' '),
      levelNames: { fieldEn: 'area', fieldKo: '분야', technologyEn: 'subfield', technologyKo: '세부분야' },
      source: {
        citation: `NSTC, ${d.title} (February 2024). ${COMPILED}`,
        urls: d.sources.area_list,
        note: d.caveat,
      },
      attributes: {},
    },
    technologies,
  };
}

// ---- European Union 2023 ----------------------------------------------------------------------------------
function eu2023() {
  const d = read('eu-critical-tech-2023.json');
  const technologies = [];
  d.areas.forEach((a) => {
    technologies.push(
      tech({
        id: a.id,
        kind: 'field',
        position: a.order,
        nameEn: a.name,
        highestRisk: a.highest_risk_priority,
        verification: 'verified',
        sources: a.sources.map((s) => d.source_index[s] ?? s),
        note: a.note ?? null,
        attributes: { technologiesVerified: a.technologies_verified },
      }),
    );
    a.technologies.forEach((t, j) => {
      technologies.push(
        tech({
          id: t.id,
          parentId: a.id,
          kind: 'technology',
          position: j + 1,
          nameEn: t.name,
          verification: a.technologies_verified ? 'verified' : 'unverified',
          sources: a.sources.map((s) => d.source_index[s] ?? s),
          note: 'From secondary summaries of the annex.',
        }),
      );
    });
  });
  return {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: {
      id: 'eu-2023',
      jurisdiction: 'EU',
      idPrefix: 'eu2023',
      titleEn: d.title,
      titleKo: 'EU 경제안보 핵심기술 분야 권고 (2023)',
      issuer: d.issuer,
      publishedOn: d.date,
      status: 'published',
      basedOn: null,
      verification: 'partly_verified',
      verificationNote: `${d.status} Selection criteria (${d.selection_criteria_source}): ${d.selection_criteria.join('; ')}.`,
      levelNames: {
        fieldEn: 'critical technology area',
        fieldKo: '핵심기술 분야',
        technologyEn: 'technology',
        technologyKo: '기술',
      },
      source: {
        citation: `European Commission, ${d.title}, C(2023) 6689. ${COMPILED}`,
        urls: Object.values(d.source_index),
        note: `${d.license_note} Highest-risk areas: ${d.highest_risk_four.text}`,
      },
      attributes: { context: d.context },
    },
    technologies,
  };
}

// ---- ASPI Critical Technology Tracker ---------------------------------------------------------------------
function aspi() {
  const d = read('aspi-ctt.json');
  const technologies = [];
  d.categories.forEach((c, i) => {
    technologies.push(
      tech({
        id: c.id,
        kind: 'field',
        position: i + 1,
        nameEn: c.name,
        verification: 'reconstructed',
        note: 'Grouping follows one third-party compilation; ASPI 2023 used 7 broader groups.',
      }),
    );
    c.technologies.forEach((t, j) => {
      technologies.push(
        tech({
          id: t.id,
          parentId: c.id,
          kind: 'technology',
          position: j + 1,
          nameEn: t.name,
          verification: 'reconstructed',
          note: t.added ? `Added in the ${t.added}.` : null,
          attributes: { in2024SetOf64: t.in_2024_set_of_64, ...(t.added ? { added: t.added } : {}) },
        }),
      );
    });
  });
  return {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: {
      id: 'aspi-ctt',
      jurisdiction: 'ASPI',
      idPrefix: 'aspi',
      titleEn: d.title,
      titleKo: 'ASPI 핵심기술 추적기 기술 목록',
      issuer: d.publisher,
      publishedOn: '2025-12',
      status: 'published',
      basedOn: null,
      verification: 'partly_verified',
      verificationNote: d.list_status,
      levelNames: { fieldEn: 'category', fieldKo: '범주', technologyEn: 'technology', technologyKo: '기술' },
      source: {
        citation: `${d.publisher}, Critical Technology Tracker (${d.website}). ${COMPILED}`,
        urls: [...new Set(d.versions.flatMap((v) => v.sources))],
        note: `${d.license_note} Method: ${d.method}`,
      },
      attributes: { releases: d.versions },
    },
    technologies,
  };
}

// ---- crosswalk (kr-2022 → US / EU / ASPI) -----------------------------------------------------------------
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function crosswalk() {
  const rows = parseCsv(readFileSync(join(refDir, 'crosswalk.csv'), 'utf8'));
  return {
    format: 'cetmap.crosswalk',
    formatVersion: 1,
    id: 'kr-2022-to-us-eu-aspi',
    title: 'Korea 2022 key technologies to the US 2024, EU 2023 and ASPI lists',
    verification: 'reconstructed',
    source: {
      citation:
        'Made by the reference compiler by comparing names and scopes; not an official concordance. ' +
        "'exact' = same scope in practice, 'partial' = overlapping. US targets inherit the 2022-subfield caveat; " +
        'EU rows are at area level where the area technology list was not retrieved.',
      urls: [],
      note: null,
    },
    links: rows.map((r) => ({
      from: r.kr_id,
      to: r.target_id,
      strength: r.strength,
      note: r.note || null,
    })),
  };
}

const kr = korea2022();
write('kr-2022.json', kr);
write('kr-2025.json', korea2025(kr));
write('us-2024.json', us2024());
write('eu-2023.json', eu2023());
write('aspi-ctt.json', aspi());
write('crosswalk-kr-2022.json', crosswalk());
