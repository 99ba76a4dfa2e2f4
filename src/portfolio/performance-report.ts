/**
 * The printable annual performance report of one CET field (A4 PDF, pdfkit): budget lines in KRW with the
 * reviews' recommended changes next to them, KPIs with their status, missions with milestone slippage, and the
 * year's reviews with scores and comments. Korean text is set in Noto Sans CJK when fonts-noto-cjk is installed
 * (as the strategy brief does); otherwise the report is English only and says so.
 */
import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import PDFDocument from 'pdfkit';
import type { Database } from '../db/schema.js';
import { KOREAN_FONT_PATHS, latin1 } from '../strategy/strategy-brief.js';
import { KPI_STATUS_RULE, missionBoard, SLIPPAGE_RULE, type MissionBoard } from './mission-queries.js';
import { REVIEW_AREA_LABELS, REVIEW_AREAS } from './mission-rules.js';
import { budgetLines, listReviews, type BudgetLine, type ReviewView } from './review-queries.js';

export interface PerformanceReportData {
  year: number;
  board: MissionBoard;
  budgets: BudgetLine[];
  reviews: ReviewView[];
  programmes: Array<{ id: string; name: string; ministry: string }>;
  synthetic: boolean;
}

export async function performanceReportData(
  db: Kysely<Database>,
  cetId: string,
  year: number,
  today?: string,
): Promise<PerformanceReportData> {
  const board = await missionBoard(db, cetId, year, today);
  const budgets = await budgetLines(db, cetId);
  const reviews = await listReviews(db, { cetId, year });
  const programmes = await db
    .selectFrom('programme as p')
    .innerJoin('programme_tech as pt', 'pt.programme_id', 'p.id')
    .innerJoin('technology as t', 't.id', 'pt.tech_id')
    .select(['p.id', 'p.name_en', 'p.name_ko', 'p.ministry', 'p.synthetic'])
    .where((eb) => eb.or([eb('t.id', '=', cetId), eb('t.parent_id', '=', cetId)]))
    .where('p.start_year', '<=', year)
    .where('p.end_year', '>=', year)
    .distinct()
    .orderBy('p.id')
    .execute();
  return {
    year,
    board,
    budgets,
    reviews,
    programmes: programmes.map((p) => ({
      id: p.id,
      name: p.name_en ?? p.name_ko ?? p.id,
      ministry: p.ministry,
    })),
    synthetic: board.synthetic || programmes.some((p) => p.synthetic) || reviews.some((r) => r.synthetic),
  };
}

const KOREAN_FONT_NAMES: Record<string, string> = {
  'NotoSansCJK-Regular.ttc': 'NotoSansCJKkr-Regular',
  'NotoSerifCJK-Regular.ttc': 'NotoSerifCJKkr-Regular',
};

/** Billions of won with one decimal, e.g. "12.5 bn KRW". */
export const billionWon = (krw: number | null): string =>
  krw === null ? '-' : `${(krw / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} bn KRW`;
const signedBillion = (krw: number): string => (krw > 0 ? '+' : '') + billionWon(krw);

const num = (v: number | null, unit: string): string =>
  v === null
    ? '-'
    : unit === 'KRW'
      ? billionWon(v)
      : `${Number(v.toFixed(2)).toLocaleString('en-US')}${unit === '%' ? ' %' : ''}`;

const STATUS_TEXT: Record<string, string> = {
  on_track: 'on track',
  at_risk: 'at risk',
  off_track: 'off track',
  no_data: 'no data',
};
const STATUS_COLOUR: Record<string, string> = {
  on_track: '#2e7d32',
  at_risk: '#ef6c00',
  off_track: '#c62828',
  no_data: '#757575',
};

export async function performanceReportPdf(
  data: PerformanceReportData,
  options: { englishOnly?: boolean } = {},
): Promise<{ pdf: Buffer; korean: boolean; pages: number }> {
  const fontPath = options.englishOnly ? undefined : KOREAN_FONT_PATHS.find((p) => existsSync(p));
  const korean = fontPath !== undefined;
  const { board, year } = data;
  const cetName = board.cet.nameEn ?? board.cet.id;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 40, left: 40, right: 40, bottom: 40 },
    bufferPages: true,
    info: {
      Title: `Annual performance report ${year}: ${cetName}`,
      Subject: `Missions, KPIs, budgets and reviews of ${board.cet.id}`,
      Creator: 'cetmap',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  if (fontPath) doc.registerFont('ko', fontPath, KOREAN_FONT_NAMES[fontPath.split('/').pop()!]);
  const W = doc.page.width - 80;
  const bottom = () => doc.page.height - 50;
  let y = 40;
  const ensure = (h: number) => {
    if (y + h > bottom()) {
      doc.addPage();
      y = 40;
    }
  };
  /** Text in the Korean font when it has Hangul and the font exists; otherwise Latin-1 Helvetica. */
  const put = (
    s: string,
    x: number,
    at: number,
    o: { width: number; size?: number; bold?: boolean; colour?: string; height?: number },
  ) => {
    const wide = /[^\x20-\xff]/.test(s);
    if (wide && korean) doc.font('ko');
    else doc.font(o.bold ? 'Helvetica-Bold' : 'Helvetica');
    doc
      .fontSize(o.size ?? 8)
      .fillColor(o.colour ?? 'black')
      .text(wide && korean ? s : latin1(s), x, at, {
        width: o.width,
        height: o.height ?? 11,
        ellipsis: true,
        lineBreak: o.height !== undefined,
      });
  };
  const heading = (s: string, ko?: string) => {
    ensure(40);
    y += 8;
    put(s, 40, y, { width: W, size: 11, bold: true });
    if (korean && ko)
      put(ko, 40 + doc.widthOfString(s) + 12, y + 1, { width: W / 2, size: 9, colour: '#444' });
    y += 16;
  };
  const row = (cells: Array<{ text: string; w: number; colour?: string; bold?: boolean }>, size = 7.5) => {
    ensure(12);
    let x = 40;
    for (const c of cells) {
      put(c.text, x, y, {
        width: c.w - 4,
        size,
        ...(c.colour ? { colour: c.colour } : {}),
        bold: c.bold ?? false,
      });
      x += c.w;
    }
    y += 11;
  };

  // Title
  put(`Annual performance report ${year}: ${cetName}`, 40, y, { width: W, size: 16, bold: true });
  y += 22;
  if (korean && board.cet.nameKo) {
    put(`${year}년 연차 성과 보고서: ${board.cet.nameKo}`, 40, y, { width: W, size: 12 });
    y += 17;
  }
  put(
    `${board.cet.id} | report date ${board.today} | ${data.programmes.length} programmes active in ${year} | ` +
      `${board.missions.length} missions, ${board.summary.milestones} milestones (${board.summary.late} late), ${board.kpis.length} KPIs, ${data.reviews.length} reviews`,
    40,
    y,
    { width: W, size: 8, colour: '#444' },
  );
  y += 13;
  if (data.synthetic) {
    put('SYNTHETIC DEMO DATA: missions, KPIs, budgets and reviews are generated for demonstration.', 40, y, {
      width: W,
      size: 9,
      bold: true,
      colour: '#b00',
    });
    y += 13;
  }

  // Budgets
  heading('1. Budget (KRW) and recommended changes', '예산 및 권고 증감');
  const bw = [50, 100, 100, 100, 165];
  row(
    ['Year', 'Planned', 'Allocated', 'Executed', 'Recommended change (reviews)'].map((text, i) => ({
      text,
      w: bw[i]!,
      bold: true,
    })),
  );
  for (const b of data.budgets) {
    row([
      { text: String(b.year), w: bw[0]! },
      { text: billionWon(b.plannedKrw), w: bw[1]! },
      { text: billionWon(b.allocatedKrw), w: bw[2]! },
      { text: billionWon(b.executedKrw), w: bw[3]! },
      {
        text: b.recommendations.length
          ? `${signedBillion(b.recommendedChangeKrw)} (${b.recommendations.length} review${b.recommendations.length > 1 ? 's' : ''} of ${b.year - 1})`
          : '-',
        w: bw[4]!,
        ...(b.recommendedChangeKrw !== 0
          ? { colour: b.recommendedChangeKrw > 0 ? '#2e7d32' : '#c62828' }
          : {}),
      },
    ]);
  }
  if (data.budgets.length === 0) row([{ text: 'No budget lines for this CET.', w: W }]);

  // KPIs
  heading(`2. KPIs in ${year}`, '핵심성과지표');
  const kw = [130, 40, 85, 95, 70, 40, 55];
  row(
    ['KPI', 'Owner', 'Baseline', `Target`, `Actual`, 'Progress', 'Status'].map((text, i) => ({
      text,
      w: kw[i]!,
      bold: true,
    })),
  );
  for (const k of board.kpis) {
    row([
      { text: (korean ? (k.nameKo ?? k.nameEn) : (k.nameEn ?? k.nameKo)) ?? k.id, w: kw[0]! },
      { text: k.ownerMinistry, w: kw[1]! },
      { text: `${num(k.baseline, k.unit)} (${k.baselineYear})`, w: kw[2]! },
      { text: `${num(k.target, k.unit)} (${k.year})`, w: kw[3]! },
      { text: num(k.actual, k.unit), w: kw[4]! },
      { text: k.progress === null ? '-' : `${Math.round(k.progress * 100)} %`, w: kw[5]! },
      { text: STATUS_TEXT[k.status]!, w: kw[6]!, colour: STATUS_COLOUR[k.status]!, bold: true },
    ]);
  }
  if (board.kpis.length === 0) row([{ text: 'No KPIs recorded for this CET.', w: W }]);

  // Missions and milestones
  heading('3. Missions and milestones', '임무 및 이정표');
  const mw = [185, 65, 65, 65, 45, 90];
  for (const m of board.missions) {
    ensure(30);
    put(
      `${(korean ? (m.nameKo ?? m.nameEn) : (m.nameEn ?? m.nameKo)) ?? m.id} - ${m.ministry}, ${m.startYear}-${m.endYear}`,
      40,
      y,
      { width: W, size: 8.5, bold: true },
    );
    y += 12;
    row(
      ['Milestone', 'Planned', 'Forecast', 'Actual', 'Days late', 'State'].map((text, i) => ({
        text,
        w: mw[i]!,
        bold: true,
      })),
      7,
    );
    for (const s of m.milestones) {
      row(
        [
          { text: (korean ? (s.nameKo ?? s.nameEn) : (s.nameEn ?? s.nameKo)) ?? s.id, w: mw[0]! },
          { text: s.plannedDate, w: mw[1]! },
          { text: s.forecastDate ?? '-', w: mw[2]! },
          { text: s.actualDate ?? '-', w: mw[3]! },
          {
            text: String(s.slippage.daysLate),
            w: mw[4]!,
            ...(s.slippage.daysLate > 0 ? { colour: '#c62828' } : {}),
          },
          { text: s.slippage.state.replace('_', ' '), w: mw[5]! },
        ],
        7,
      );
    }
    y += 3;
  }
  if (board.missions.length === 0) row([{ text: 'No missions recorded for this CET.', w: W }]);

  // Reviews
  heading(`4. Annual review ${year}`, '연차 점검');
  if (data.reviews.length === 0) row([{ text: `No review of ${year} recorded yet.`, w: W }]);
  for (const r of data.reviews) {
    ensure(60);
    put(
      `${r.reviewer}: mean score ${r.meanScore.toFixed(1)} of 5; recommended change for ${r.recommendedYear}: ${signedBillion(r.recommendedChangeKrw)}` +
        (r.programmeId ? ` (programme ${r.programmeId})` : ''),
      40,
      y,
      { width: W, size: 8.5, bold: true },
    );
    y += 12;
    for (const a of REVIEW_AREAS) {
      const label = REVIEW_AREA_LABELS[a];
      row([
        { text: label.en, w: 140 },
        { text: `${r.scores[a] ?? '-'} / 5`, w: 40 },
        { text: r.comments[a] ?? '', w: W - 180 },
      ]);
    }
    for (const [label, text] of [
      ['Summary', r.summary],
      ['Rationale', r.rationale],
    ] as const) {
      if (!text) continue;
      ensure(24);
      put(`${label}: ${text}`, 40, y, { width: W, size: 7.5, height: 22 });
      y += 24;
    }
    y += 4;
  }

  // Footer on every page
  const pages = doc.bufferedPageRange().count;
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin; without this pdfkit would open a new page
    const notes = [
      `Slippage: ${SLIPPAGE_RULE}.`,
      `KPI status: ${KPI_STATUS_RULE}.`,
      korean ? '' : 'Korean text omitted: no Korean-capable font found (install fonts-noto-cjk).',
      `Generated by cetmap. Page ${i + 1} of ${pages}.`,
    ].filter(Boolean);
    doc
      .font('Helvetica')
      .fontSize(6)
      .fillColor('#555')
      .text(latin1(notes.join(' ')), 40, doc.page.height - 38, { width: W, height: 28, lineBreak: true });
  }
  doc.end();
  await ended;
  return { pdf: Buffer.concat(chunks), korean, pages };
}
