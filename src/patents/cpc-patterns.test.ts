import { describe, expect, it } from 'vitest';
import { matchesPattern, matchSymbols, parseCpcPattern } from './cpc-patterns.js';
import { normaliseSymbol } from './patentsview-tables.js';
import starter from './data/cpc-recipes-kr-2022.json' with { type: 'json' };

const m = (pattern: string, symbol: string) => matchesPattern(parseCpcPattern(pattern), symbol);

describe('CPC pattern matching (hand-worked cases)', () => {
  it('prefix patterns match every symbol that starts with the text before the star', () => {
    expect(m('H01M10/05*', 'H01M10/05')).toBe(true);
    expect(m('H01M10/05*', 'H01M10/052')).toBe(true);
    expect(m('H01M10/05*', 'H01M10/0525')).toBe(true);
    expect(m('H01M10/05*', 'H01M10/06')).toBe(false);
    expect(m('H01M10/05*', 'H01M10/42')).toBe(false);
    expect(m('G06N10/*', 'G06N10/40')).toBe(true);
    expect(m('G06N10/*', 'G06N10/00')).toBe(true);
    expect(m('G06N10/*', 'G06N3/08')).toBe(false);
    // a literal prefix: "G06N1*" reaches main group 10 as well, "G06N1/*" does not
    expect(m('G06N1*', 'G06N10/40')).toBe(true);
    expect(m('G06N1/*', 'G06N10/40')).toBe(false);
  });

  it('a subclass or class pattern means everything under it; a full symbol only itself', () => {
    expect(m('H10B', 'H10B12/00')).toBe(true);
    expect(m('H10B', 'H10K50/11')).toBe(false);
    expect(m('G06', 'G06N3/08')).toBe(true);
    expect(m('G06N3/08', 'G06N3/08')).toBe(true);
    expect(m('G06N3/08', 'G06N3/084')).toBe(false);
    // a main group without "/" is that main group, not a longer number
    expect(m('G06N10', 'G06N10/20')).toBe(true);
    expect(m('G06N10', 'G06N100/20')).toBe(false);
  });

  it('ignores spaces and case, as IPC prints symbols with padding ("H01M  10/052")', () => {
    expect(normaliseSymbol('H01M  10/052')).toBe('H01M10/052');
    expect(m('h01m 10/05*', 'H01M  10/052')).toBe(true);
  });

  it('lists each matching (pattern, symbol) pair', () => {
    const patterns = ['H04L9/0852*', 'H04B10/70*'].map(parseCpcPattern);
    expect(matchSymbols(patterns, ['G06N3/08', 'H04L9/0852', 'H04L9/0855', 'H04B10/70'])).toEqual([
      { pattern: 'H04L9/0852*', symbol: 'H04L9/0852' },
      { pattern: 'H04B10/70*', symbol: 'H04B10/70' },
    ]);
  });

  it('refuses what is not a pattern, naming it', () => {
    for (const bad of ['*', 'H1', 'G06N3/08/1', 'ZZ01', 'G06N3/08**', ''])
      expect(() => parseCpcPattern(bad), bad).toThrow(/is not a CPC\/IPC pattern/);
  });

  it('every starter pattern parses, and every starter recipe has at least one pattern', () => {
    expect(starter.status).toBe('starter');
    expect(starter.recipes).toHaveLength(50);
    for (const r of starter.recipes) {
      expect(r.patterns.length + r.candidate_patterns.length, r.tech_id).toBeGreaterThan(0);
      for (const p of [...r.patterns, ...r.candidate_patterns])
        expect(() => parseCpcPattern(p)).not.toThrow();
    }
  });
});
