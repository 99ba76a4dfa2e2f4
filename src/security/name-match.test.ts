import { describe, expect, it } from 'vitest';
import {
  jaroWinkler,
  matchWatchlist,
  nameSimilarity,
  transliterate,
  type WatchEntity,
} from './name-match.js';

const THRESHOLD = 0.88;

// A small labelled set: [watch-list name, name as written in a case, same organisation?]
const LABELLED: Array<[string, string, boolean]> = [
  ['Huawei Technologies Co., Ltd.', 'HUAWEI TECH. CO LTD', true],
  ['Huawei Technologies Co., Ltd.', 'Hua Wei Technologies', true],
  ['Huawei Technologies Co., Ltd.', '화웨이', true],
  ['Hanwha Aerospace', '한화 Aerospace', true],
  ['Hyundai Rotem Company', '현대 Rotem', true],
  ['Skolkovo Institute of Science and Technology', 'Сколковский институт науки и технологий', true],
  ['Skolkovo Institute of Science and Technology', 'Skolkovo Inst. of Sci. & Tech.', true],
  [
    'Bauman Moscow State Technical University',
    'Московский государственный технический университет имени Баумана',
    true,
  ],
  ['Rosatom', 'Росатом', true],
  ['Kaspersky Lab', 'Лаборатория Касперского', true],
  ['Kaspersky Lab', 'Kaspersky Laboratories', true],
  ['National University of Defense Technology', 'Natl. Univ. of Defense Technology', true],
  ['National University of Defense Technology', 'National University of Singapore', false],
  ['Harbin Institute of Technology', 'Harbin Engineering University', false],
  ['Harbin Institute of Technology', 'Harbin Inst. Technol.', true],
  ['Beihang University', 'Peking University', false],
  ['Northwestern Polytechnical University', 'Northwestern University', false],
  ['Samsung Electronics', 'Samsung Electronics Co., Ltd.', true],
  ['Hikvision Digital Technology', 'Hangzhou Hikvision Digital Technology Co., Ltd.', true],
  ['Sugon Information Industry', 'Sony Group Corporation', false],
  ['Tsinghua Unigroup', 'Tsinghua University', false],
  ['Inspur Group', 'Inspur Group Co Ltd', true],
  ['Max Planck Society', 'Max Planck Gesellschaft', true],
  ['Korea Advanced Institute of Science and Technology', 'Korea Institute of Science and Technology', false],
];

describe('transliteration', () => {
  it('romanises Hangul syllable by syllable and Cyrillic letter by letter', () => {
    expect(transliterate('한화')).toBe('hanhwa');
    expect(transliterate('현대')).toBe('hyeondae');
    expect(transliterate('Росатом')).toBe('rosatom');
  });
});

describe('Jaro–Winkler', () => {
  it('matches the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

describe('watch-list name matching on a labelled set', () => {
  it('finds transliterated and abbreviated variants and leaves unrelated names alone', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const [listed, written, same] of LABELLED) {
      const score = nameSimilarity(listed, written);
      const flagged = score >= THRESHOLD;
      if (flagged && same) tp++;
      if (flagged && !same) fp++;
      if (!flagged && same) fn++;
      if (flagged !== same) wrong.push(`${listed} ~ ${written}: ${score.toFixed(3)}`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    // Measured on this set at 0.88: precision 1, recall 15/17 (misses: the Bauman university written in Russian with
    // another word order, and Hikvision with its city prefix). The assertion message lists the misses.
    expect(precision, wrong.join('\n')).toBe(1);
    expect(recall, wrong.join('\n')).toBeGreaterThanOrEqual(0.85);
  });

  it('matches aliases and reports the matched name and score, best first', () => {
    const entities: WatchEntity[] = [
      {
        id: 1,
        name: 'Example Dual-Use Institute',
        aliases: ['EDUI', '예시이중용도연구소'],
        country: 'XX',
        source: 'test',
        reason: null,
      },
      {
        id: 2,
        name: 'Harbin Institute of Technology',
        aliases: [],
        country: 'CN',
        source: 'test',
        reason: null,
      },
    ];
    const found = matchWatchlist(['Harbin Inst. of Tech.', 'edui'], entities, THRESHOLD);
    expect(found.map((m) => m.entity.id)).toEqual([1, 2]);
    expect(found[0]!.matchedName).toBe('EDUI');
    expect(found[0]!.score).toBe(1);
    expect(matchWatchlist(['Seoul National University'], entities, THRESHOLD)).toEqual([]);
  });
});
