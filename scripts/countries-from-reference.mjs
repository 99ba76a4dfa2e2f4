// Writes src/aggregates/data/countries.json, cetmap's built-in country table (ISO 3166-1 codes, English and
// Korean names, UN M49 regions, world-atlas ids), from ../shared/data/countries/countries.csv.
// Run again when the reference changes: node scripts/countries-from-reference.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const source = new URL('../../shared/data/countries/countries.csv', import.meta.url);
const rows = parse(readFileSync(source), { columns: true, skip_empty_lines: true });
// Short English names for display where the ISO name is long or formal.
const SHORT_NAMES = {
  BO: 'Bolivia',
  BN: 'Brunei',
  CD: 'DR Congo',
  CZ: 'Czechia',
  FM: 'Micronesia',
  GB: 'United Kingdom',
  IR: 'Iran',
  KP: 'North Korea',
  KR: 'South Korea',
  LA: 'Laos',
  MD: 'Moldova',
  NL: 'Netherlands',
  PS: 'Palestine',
  RU: 'Russia',
  SY: 'Syria',
  TW: 'Taiwan',
  TZ: 'Tanzania',
  US: 'United States',
  VE: 'Venezuela',
  VN: 'Vietnam',
  TR: 'Türkiye',
  VA: 'Vatican City',
  MK: 'North Macedonia',
};
const countries = rows.map((r) => ({
  alpha2: r.alpha2,
  alpha3: r.alpha3,
  numeric: r.numeric,
  name_en: SHORT_NAMES[r.alpha2] ?? r.name_en,
  name_iso: r.name_en,
  name_ko: r.name_ko || r.name_ko_alt || r.name_en,
  region: r.region || null,
  sub_region: r.sub_region || null,
  world_atlas_id: r.world_atlas_id || null,
}));
const file = {
  about:
    'ISO 3166-1 codes and names with Korean names, UN M49 regions and world-atlas ids. Compiled from ' +
    'lukes/ISO-3166-Countries-with-Regional-Codes (CC BY-SA 4.0), stefangabos/world_countries (CC BY-SA 4.0), ' +
    'i18n-iso-countries (MIT) and world-atlas (ISC); this table is shared under CC BY-SA 4.0.',
  licence: 'CC BY-SA 4.0',
  countries,
};
writeFileSync(
  new URL('../src/aggregates/data/countries.json', import.meta.url),
  JSON.stringify(file, null, 1) + '\n',
);
console.log(`wrote ${countries.length} countries`);
