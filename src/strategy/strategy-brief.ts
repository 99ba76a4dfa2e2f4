/**
 * A printable one-page brief (A4 PDF) of a technology's strategy: the ranked partners with their decomposed
 * scores and cooperation types, a stacked bar chart of the score components, optionally a world map of the
 * scores, and the partner organisations. Korean names are set in Noto Sans CJK when Debian's fonts-noto-cjk is
 * installed; otherwise the brief is English only and says so.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { COOPERATION_LABELS, COMPONENTS, type Component } from './partner-score.js';
import type { TechnologyStrategy } from './strategy-queries.js';

export const KOREAN_FONT_PATHS = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
];
const KOREAN_FONT_NAMES: Record<string, string> = {
  'NotoSansCJK-Regular.ttc': 'NotoSansCJKkr-Regular',
  'NotoSerifCJK-Regular.ttc': 'NotoSerifCJKkr-Regular',
};

/** A country's outline as SVG path data in a 1000 × 500 box (equirectangular), for the map. */
export type MapShapes = Array<{ country: string; path: string }>;

export interface BriefOptions {
  /** Country names by alpha-2 (English). */
  names?: ReadonlyMap<string, string>;
  /** Country outlines for the map (absent: no map, the bar chart stands alone). */
  shapes?: MapShapes;
  /** Force English only (tests); otherwise Korean is used when the font exists. */
  englishOnly?: boolean;
  partners?: number;
}

export interface BriefResult {
  pdf: Buffer;
  korean: boolean;
  map: boolean;
}

const COLOURS: Record<Component, string> = {
  strength: '#1f77b4',
  complementarity: '#2ca02c',
  ties: '#ff7f0e',
  momentum: '#9467bd',
};

const f2 = (x: number | null) => (x === null ? '-' : x.toFixed(2));
const f1 = (x: number | null) => (x === null ? '-' : x.toFixed(1));

export async function strategyBrief(s: TechnologyStrategy, options: BriefOptions = {}): Promise<BriefResult> {
  const fontPath = options.englishOnly ? undefined : KOREAN_FONT_PATHS.find((p) => existsSync(p));
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 36, left: 36, right: 36, bottom: 20 },
    info: {
      Title: `Global R&D Strategy Map: ${s.nameEn ?? s.techId}`,
      Subject: `Partner countries for ${s.home} in ${s.techId}`,
      Creator: 'cetmap',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const korean = fontPath !== undefined;
  if (fontPath) doc.registerFont('ko', fontPath, KOREAN_FONT_NAMES[fontPath.split('/').pop()!]);
  const latin = () => doc.font('Helvetica');
  const bold = () => doc.font('Helvetica-Bold');
  const W = doc.page.width - 72;
  const name = (cc: string) => options.names?.get(cc) ?? cc;

  // Title
  bold()
    .fontSize(15)
    .text(`Global R&D Strategy Map: ${s.nameEn ?? s.techId}`, 36, 36, { width: W });
  if (korean && s.nameKo) doc.font('ko').fontSize(11).text(`글로벌 R&D 전략지도: ${s.nameKo}`, { width: W });
  latin()
    .fontSize(8)
    .fillColor('#444')
    .text(
      `${s.techId} (${s.versionId}) | home ${s.home} (level ${f1(s.homeLevel)}, rank ${s.homeRank ?? '-'}) | ` +
        `works ${s.params.from}-${s.params.to}: ${s.worldWorks.toFixed(0)} | ` +
        `${s.maturity.emerging ? 'emerging' : 'established'} (world CAGR ${s.maturity.worldCagr === null ? '-' : (s.maturity.worldCagr * 100).toFixed(1) + ' %'}) | ` +
        `data: rollup ${s.vintage.rolledUpAt?.slice(0, 10) ?? '-'}`,
      { width: W },
    );
  if (s.vintage.synthetic) {
    bold().fillColor('#b00').fontSize(9).text('SYNTHETIC DEMO DATA: numbers illustrate the method only.');
  }
  doc.fillColor('black');
  const w = s.params.weights;
  latin()
    .fontSize(7.5)
    .text(
      `Score = (1 - a + a*M) x (${w.strength} S + ${w.complementarity} C + ${w.ties} T + ${w.momentum} G) / sum of weights, a = ${w.alignment}. ` +
        `S strength (level/100), C complementarity (partner ahead in ${s.subareas.kind === 'key_technologies' ? 'key technologies' : 'topics'}), ` +
        `T ties (AS*/(1+AS*), ${s.ties.used === 'technology' ? 'co-authorship in this technology' : 'all co-authorship'}), G momentum (growth vs world), M alignment (country groups). ` +
        `Top 5 unchanged in ${(s.sensitivity.setStability * 100).toFixed(0)} % of +/-${(s.sensitivity.delta * 100).toFixed(0)} % weight changes.`,
      { width: W },
    );

  // Ranking table
  const partners = s.partners.slice(0, options.partners ?? 12);
  doc.moveDown(0.5);
  let y = doc.y;
  const cols = [
    { h: '#', x: 0, w: 16 },
    { h: 'Country', x: 16, w: 120 },
    { h: 'Score', x: 136, w: 36 },
    { h: 'S', x: 172, w: 30 },
    { h: 'C', x: 202, w: 30 },
    { h: 'T', x: 232, w: 30 },
    { h: 'G', x: 262, w: 30 },
    { h: 'M', x: 292, w: 30 },
    { h: 'Co-works', x: 322, w: 42 },
    { h: 'Cooperation type', x: 364, w: 100 },
  ];
  bold().fontSize(8);
  for (const c of cols) doc.text(c.h, 36 + c.x, y, { width: c.w, lineBreak: false });
  y += 11;
  latin().fontSize(8);
  for (const p of partners) {
    const row = [
      String(p.rank),
      `${p.country} ${name(p.country)}`,
      p.score.toFixed(3),
      f2(p.components.strength.value),
      f2(p.components.complementarity.value),
      f2(p.components.ties.value),
      f2(p.components.momentum.value),
      f2(p.alignment.value),
      String(
        s.ties.used === 'overall' && p.ties.overall ? p.ties.overall.coWorks : p.ties.technology.coWorks,
      ),
      COOPERATION_LABELS[p.cooperation.type].en,
    ];
    cols.forEach((c, i) =>
      doc.text(latin1(row[i]!), 36 + c.x, y, { width: c.w, height: 10, ellipsis: true }),
    );
    if (korean) {
      doc
        .font('ko')
        .fontSize(7)
        .text(COOPERATION_LABELS[p.cooperation.type].ko, 36 + 466, y, { width: W - 466, height: 10 });
      latin().fontSize(8);
    }
    y += 11;
  }
  if (partners.length === 0) {
    doc.text('No candidate partners: the technology has no ranked countries in the window.', 36, y);
    y += 11;
  }

  // Stacked bar chart of the score components (top 10)
  y += 8;
  const chartTop = y;
  bold().fontSize(9).text('Score components (top 10)', 36, y);
  y += 13;
  const chartW = options.shapes ? W / 2 - 10 : W;
  const labelW = 28;
  const maxScore = Math.max(0.001, ...partners.slice(0, 10).map((p) => p.score));
  for (const p of partners.slice(0, 10)) {
    latin()
      .fontSize(7)
      .fillColor('black')
      .text(p.country, 36, y + 1, { width: labelW, lineBreak: false });
    let x = 36 + labelW;
    for (const c of COMPONENTS) {
      const len = (p.components[c].contribution / maxScore) * (chartW - labelW - 30);
      if (len > 0) doc.rect(x, y, len, 8).fill(COLOURS[c]);
      x += Math.max(0, len);
    }
    doc
      .fillColor('black')
      .fontSize(7)
      .text(p.score.toFixed(3), x + 3, y + 1, { lineBreak: false });
    y += 11;
  }
  let lx = 36 + labelW;
  for (const c of COMPONENTS) {
    doc.rect(lx, y + 2, 7, 7).fill(COLOURS[c]);
    doc
      .fillColor('black')
      .fontSize(7)
      .text(c, lx + 9, y + 2, { lineBreak: false });
    lx += 70;
  }
  const chartBottom = y + 14;

  // Map of scores
  let map = false;
  if (options.shapes && options.shapes.length > 0) {
    map = true;
    const mx = 36 + W / 2;
    const my = chartTop + 13;
    const mw = W / 2;
    const scoreOf = new Map(s.partners.map((p) => [p.country, p.score]));
    const best = Math.max(0.001, ...scoreOf.values());
    bold().fontSize(9).fillColor('black').text('Partner score by country', mx, chartTop);
    for (const shape of options.shapes) {
      const v = shape.country === s.home ? null : scoreOf.get(shape.country);
      const colour =
        shape.country === s.home ? '#d62728' : v === undefined || v === null ? '#e6e6e6' : shade(v / best);
      doc.save();
      doc.translate(mx, my).scale(mw / 1000);
      doc
        .path(shape.path)
        .lineWidth(0.3 / (mw / 1000))
        .fillAndStroke(colour, '#ffffff');
      doc.restore();
    }
    latin()
      .fontSize(6.5)
      .fillColor('#444')
      .text(`darker = higher score; red = ${s.home}; grey = no score`, mx, my + mw / 2 + 2);
  }

  // Partner organisations
  y = Math.max(chartBottom, map ? chartTop + 13 + W / 4 + 12 : 0) + 8;
  doc.fillColor('black');
  bold().fontSize(9).text('Partner organisations (top institutions by fractional top-10 % works)', 36, y);
  y += 12;
  for (const o of s.organisations) {
    if (y > doc.page.height - 70) break;
    bold()
      .fontSize(8)
      .text(`${o.partner} ${name(o.partner)}`, 36, y, { width: W });
    y += 10;
    latin().fontSize(7.5);
    for (const inst of o.partnerInstitutions.slice(0, 3)) {
      const links = inst.homePartners.map((h) => `${h.name ?? h.institutionId} (${h.coWorks})`).join('; ');
      const line = `${inst.name ?? inst.institutionId}: top-10 % ${inst.top10Frac.toFixed(1)}, works ${inst.worksFrac.toFixed(1)}, co-authored with ${s.home} ${inst.coWorksWithHome}${links ? ` - ${links}` : ''}`;
      doc.text(latin1(line), 44, y, { width: W - 8, height: 9, ellipsis: true });
      y += 9.5;
    }
    const home = o.homeInstitutions
      .slice(0, 3)
      .map((h) => `${h.name ?? h.institutionId} (${h.coWorksWithPartner})`);
    if (home.length > 0) {
      doc.fillColor('#444').text(latin1(`${s.home} institutions best placed: ${home.join('; ')}`), 44, y, {
        width: W - 8,
        height: 9,
        ellipsis: true,
      });
      doc.fillColor('black');
      y += 9.5;
    }
    y += 2;
  }

  // Footer
  const notes = [
    ...s.notes.filter((n) => !n.startsWith('SYNTHETIC')),
    korean ? '' : 'Korean text omitted: no Korean-capable font found (install fonts-noto-cjk).',
  ].filter(Boolean);
  latin()
    .fontSize(6.5)
    .fillColor('#444')
    .text(
      latin1(
        `Method: methods §7 (proposed rules); cooperation type: ${s.method.cooperationType} ${notes.join(' ')} ` +
          `Generated ${new Date().toISOString().slice(0, 10)} by cetmap.`,
      ),
      36,
      doc.page.height - 56,
      { width: W, height: 30, ellipsis: true },
    );
  doc.end();
  await ended;
  return { pdf: Buffer.concat(chunks), korean, map };
}

/** The standard PDF fonts cover WinAnsi only: spell out the few symbols the method texts use. */
export function latin1(text: string): string {
  return text
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/×/g, 'x')
    .replace(/÷/g, '/')
    .replace(/[−–]/g, '-')
    .replace(/·/g, '*')
    .replace(/±/g, '+/-')
    .replace(/[^\x20-\xff]/g, '?');
}

/** Light to dark blue for 0–1. */
function shade(t: number): string {
  const c = (a: number, b: number) => Math.round(a + (b - a) * Math.min(1, Math.max(0, t)));
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `#${hex(c(0xde, 0x08))}${hex(c(0xeb, 0x30))}${hex(c(0xf7, 0x6b))}`;
}
