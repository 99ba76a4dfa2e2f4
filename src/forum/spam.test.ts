import { describe, expect, it } from 'vitest';
import { containsTerm, countLinks, judgeText, normaliseText } from './spam.js';

const none = { filters: [], ownRecent: [] };

describe('spam heuristics', () => {
  it('counts links', () => {
    expect(countLinks('see https://a.org and http://b.org/x, www.c.com')).toBe(3);
  });

  it('matches Latin terms on word edges and Hangul terms anywhere', () => {
    expect(containsTerm('Buy CHEAP pills', 'cheap pills')).toBe(true);
    expect(containsTerm('a cheapskate', 'cheap')).toBe(false);
    expect(containsTerm('대출광고입니다', '대출광고')).toBe(true);
    expect(normaliseText('  Ｈｅｌｌｏ,   World!! ')).toBe('hello world');
  });

  it('refuses blocked words, far too many links and repeats of the author’s own text', () => {
    expect(
      judgeText('buy casino chips', { filters: [{ term: 'casino', action: 'block' }], ownRecent: [] }),
    ).toMatchObject({ outcome: 'refuse' });
    const links = Array.from({ length: 11 }, (_, i) => `https://spam${i}.example`).join(' ');
    expect(judgeText(links, none)).toMatchObject({ outcome: 'refuse' });
    const text = 'Please fund quantum sensing testbeds in Daejeon.';
    expect(judgeText(text, { filters: [], ownRecent: [text.toUpperCase()] })).toMatchObject({
      outcome: 'refuse',
    });
  });

  it('holds held words, several links and text another account posted', () => {
    expect(
      judgeText('a crypto offer', { filters: [{ term: 'crypto', action: 'hold' }], ownRecent: [] }),
    ).toEqual({ outcome: 'hold', reasons: ['word filter: crypto'] });
    expect(judgeText('https://a.org https://b.org https://c.org https://d.org', none)).toEqual({
      outcome: 'hold',
      reasons: ['4 links'],
    });
    const text = 'Same campaign text pasted by many accounts.';
    expect(judgeText(text, { filters: [], ownRecent: [], othersRecent: [text] })).toMatchObject({
      outcome: 'hold',
    });
    expect(judgeText('An ordinary proposal about batteries.', none)).toEqual({ outcome: 'accept' });
  });
});
