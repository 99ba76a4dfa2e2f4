import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../shared/paths.js';
import {
  foldPlural,
  formatQuery,
  matchedTerms,
  matches,
  parseQuery,
  prepareDocument,
  QuerySyntaxError,
} from './query-language.js';

const doc = prepareDocument({
  title: 'Solid-state lithium batteries with sulfide electrolytes',
  abstract: 'We report a high bandwidth memory stack and all-solid-state cells for electric vehicles.',
  keywords: ['Energy storage', 'Lithium metal anode'],
});
const q = (query: string) => matches(parseQuery(query), doc);

describe('query language: parsing', () => {
  it('gives AND precedence over OR and treats adjacent terms as AND', () => {
    expect(formatQuery(parseQuery('a OR b AND c'))).toBe('(a OR (b AND c))');
    expect(formatQuery(parseQuery('a b OR c'))).toBe('((a AND b) OR c)');
    expect(formatQuery(parseQuery('(a OR b) c'))).toBe('((a OR b) AND c)');
    expect(formatQuery(parseQuery('NOT a b'))).toBe('(NOT a AND b)');
    expect(formatQuery(parseQuery('title:"solid state" OR batter*'))).toBe(
      '(title:"solid state" OR batter*)',
    );
  });

  it('treats lower-case and/or/not as ordinary words', () => {
    expect(formatQuery(parseQuery('research and development'))).toBe('(research AND and AND development)');
  });

  it.each([
    ['(a OR b', 0, 'expected ")"'],
    ['a OR', 4, 'ends where a term was expected'],
    ['a) b', 1, 'without a matching "("'],
    ['"open phrase', 0, 'unclosed quotation mark'],
    ['titel:battery', 0, 'unknown field "titel"'],
    ['bat*tery', 0, 'only at the end of a word'],
    ['AND a', 0, 'needs a term before and after it'],
    ['', 0, 'empty'],
    ['()', 1, 'empty parentheses'],
    ['title: battery', 6, 'needs a term after it'],
  ])('reports %j at its position', (query, position, message) => {
    try {
      parseQuery(query);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(QuerySyntaxError);
      expect((error as QuerySyntaxError).position).toBe(position);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).toContain(`position ${position + 1}`);
    }
  });

  const starterRecipes = projectPath('..', 'shared', 'reference', 'taxonomies', 'queries.json');
  it.skipIf(!existsSync(starterRecipes))(
    'parses every starter recipe query of the Korean key technologies',
    () => {
      const path = starterRecipes;
      const items = (JSON.parse(readFileSync(path, 'utf8')) as { items: Array<{ boolean_query: string }> })
        .items;
      expect(items).toHaveLength(50);
      for (const item of items) expect(() => parseQuery(item.boolean_query)).not.toThrow();
    },
  );
});

describe('query language: matching', () => {
  it('matches words case-insensitively across title, abstract and keywords', () => {
    expect(q('LITHIUM')).toBe(true);
    expect(q('graphene')).toBe(false);
    expect(q('storage')).toBe(true);
  });

  it('matches quoted phrases as consecutive words, folding plurals both ways', () => {
    expect(q('"lithium battery"')).toBe(true); // "lithium batteries" in the title
    expect(q('"sulfide electrolyte"')).toBe(true);
    expect(q('"high bandwidth memory"')).toBe(true);
    expect(q('"lithium memory"')).toBe(false);
    expect(q('"solid state battery"')).toBe(false); // "solid-state lithium batteries": not consecutive
  });

  it('does not let a phrase run across two keywords', () => {
    expect(q('"storage lithium"')).toBe(false);
    expect(q('"energy storage"')).toBe(true);
  });

  it('matches prefix wildcards', () => {
    expect(q('electrolyt*')).toBe(true);
    expect(q('graph*')).toBe(false);
  });

  it('scopes terms to a field', () => {
    expect(q('title:lithium')).toBe(true);
    expect(q('title:memory')).toBe(false);
    expect(q('abstract:memory')).toBe(true);
    expect(q('keywords:"lithium metal"')).toBe(true);
  });

  it('combines AND, OR, NOT and parentheses', () => {
    expect(q('(graphene OR lithium) AND NOT hydrogen')).toBe(true);
    expect(q('lithium NOT electric')).toBe(false);
    expect(q('NOT (graphene OR hydrogen)')).toBe(true);
  });

  it('lists the terms that matched', () => {
    expect(matchedTerms(parseQuery('(graphene OR lithium) AND title:batter* AND NOT hydrogen'), doc)).toEqual(
      ['lithium', 'title:batter*'],
    );
  });

  it('folds plurals predictably', () => {
    expect(
      ['batteries', 'cells', 'processes', 'analysis', 'gas', 'devices', 'chips'].map(foldPlural),
    ).toEqual(['battery', 'cell', 'process', 'analysis', 'gas', 'device', 'chip']);
  });
});
