/**
 * Patent test inputs: the real PatentsView sample in ../shared/data (NVIDIA slice, no location table), and a
 * small hand-made set of g_ tables with a location table, written as published (TSV; one zipped, one gzipped).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { projectPath } from '../../src/shared/paths.js';

export const PATENT_SAMPLE = projectPath('..', 'shared', 'data', 'patents-sample');
export const HAVE_SAMPLE = existsSync(join(PATENT_SAMPLE, 'nvidia_patent.csv'));
export const NSF = projectPath('..', 'shared', 'data', 'nsf-sei');
export const HAVE_NSF = existsSync(join(NSF, 'patents_by_country_tech.csv'));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer): number => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A one-entry .zip (deflate), as PatentsView publishes each table. */
export function zipOne(name: string, content: string): Buffer {
  const data = Buffer.from(content, 'utf8');
  const packed = deflateRawSync(data);
  const nameBuf = Buffer.from(name, 'utf8');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + nameBuf.length + packed.length;
  const cdSize = central.length + nameBuf.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBuf, packed, central, nameBuf, end]);
}

const tsv = (rows: string[][]): string => rows.map((r) => r.join('\t')).join('\n') + '\n';

/**
 * Four grants with inventors and assignees in KR, US, JP and one unlocated inventor:
 *   9000001 (2020) H01M10/0562 solid electrolyte; inventors KR, US; assignee KR
 *   9000002 (2021) G06N10/40 quantum; inventor KR; assignee US
 *   9000003 (2021) G06N3/08, H04L9/0852; inventors JP, KR, unlocated; assignees JP, KR
 *   D900004 (2021) design, no CPC; inventor US; assignee US
 */
export function writeHandMade(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const patent = tsv([
    [
      'patent_id',
      'patent_type',
      'patent_date',
      'patent_title',
      'wipo_kind',
      'num_claims',
      'withdrawn',
      'filename',
    ],
    [
      '9000001',
      'utility',
      '2020-03-03',
      '"Solid electrolyte for an all-solid-state battery"',
      'B2',
      '12',
      '0',
      'ipg200303.xml',
    ],
    [
      '9000002',
      'utility',
      '2021-05-04',
      'Error correction of superconducting qubits',
      'B1',
      '20',
      '0',
      'ipg210504.xml',
    ],
    [
      '9000003',
      'utility',
      '2021-09-07',
      'Quantum key distribution with a neural network',
      'B2',
      '8',
      '0',
      'ipg210907.xml',
    ],
    ['D900004', 'design', '2021-10-12', 'Graphics card', 'S1', '1', '0', 'ipg211012.xml'],
  ]);
  writeFileSync(join(dir, 'g_patent.tsv.zip'), zipOne('g_patent.tsv', patent));
  writeFileSync(
    join(dir, 'g_patent_abstract.tsv.gz'),
    gzipSync(
      tsv([
        ['patent_id', 'patent_abstract'],
        [
          '9000001',
          '"A sulfide solid electrolyte for an all-solid-state lithium battery,\nwith high ionic conductivity."',
        ],
        ['9000002', 'A quantum computer corrects errors of superconducting qubits with a surface code.'],
        ['9000003', 'Quantum key distribution keys are reconciled by a neural network.'],
        ['D900004', 'The ornamental design for a graphics card.'],
      ]),
    ),
  );
  writeFileSync(
    join(dir, 'g_cpc_current.tsv'),
    tsv([
      ['patent_id', 'cpc_sequence', 'cpc_section', 'cpc_class', 'cpc_subclass', 'cpc_group', 'cpc_type'],
      ['9000001', '0', 'H', 'H01', 'H01M', 'H01M10/0562', 'inventional'],
      ['9000002', '0', 'G', 'G06', 'G06N', 'G06N10/40', 'inventional'],
      ['9000003', '0', 'G', 'G06', 'G06N', 'G06N3/08', 'inventional'],
      ['9000003', '1', 'H', 'H04', 'H04L', 'H04L9/0852', 'inventional'],
    ]),
  );
  writeFileSync(
    join(dir, 'g_inventor_disambiguated.tsv'),
    tsv([
      [
        'patent_id',
        'inventor_sequence',
        'inventor_id',
        'disambig_inventor_name_first',
        'disambig_inventor_name_last',
        'gender_code',
        'location_id',
      ],
      ['9000001', '0', 'i-a', 'Ann', 'Kim', 'F', 'L1'],
      ['9000001', '1', 'i-b', 'Bob', 'Smith', 'M', 'L2'],
      ['9000002', '0', 'i-c', 'Chul', 'Lee', 'M', 'L1'],
      ['9000003', '0', 'i-d', 'Daiki', 'Sato', 'M', 'L3'],
      ['9000003', '1', 'i-e', 'Eun', 'Park', 'F', 'L1'],
      ['9000003', '2', 'i-f', 'Fay', 'Doe', 'U', 'L9'],
      ['D900004', '0', 'i-g', 'Gus', 'Grant', 'M', 'L2'],
    ]),
  );
  writeFileSync(
    join(dir, 'g_assignee_disambiguated.tsv'),
    tsv([
      [
        'patent_id',
        'assignee_sequence',
        'assignee_id',
        'disambig_assignee_individual_name_first',
        'disambig_assignee_individual_name_last',
        'disambig_assignee_organization',
        'assignee_type',
        'location_id',
      ],
      ['9000001', '0', 'a-x', '', '', 'Hanbit Battery Co.', '3', 'L1'],
      ['9000002', '0', 'a-y', '', '', 'Qubit Corp.', '2', 'L2'],
      ['9000003', '0', 'a-z', '', '', 'Sakura Denki', '3', 'L3'],
      ['9000003', '1', 'a-w', '', '', 'Hanbit Battery Co.', '3', 'L1'],
      ['D900004', '0', 'a-y', '', '', 'Qubit Corp.', '2', 'L2'],
    ]),
  );
  writeFileSync(
    join(dir, 'g_location_disambiguated.tsv'),
    tsv([
      [
        'location_id',
        'disambig_city',
        'disambig_state',
        'disambig_country',
        'latitude',
        'longitude',
        'county',
        'state_fips',
        'county_fips',
      ],
      ['L1', 'Seoul', '', 'KR', '37.56', '126.97', '', '', ''],
      ['L2', 'San Jose', 'CA', 'US', '37.33', '-121.88', 'Santa Clara', '06', '085'],
      ['L3', 'Tokyo', '', 'JP', '35.68', '139.69', '', '', ''],
    ]),
  );
  return dir;
}
