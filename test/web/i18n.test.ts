import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Messages = { [key: string]: string | Messages };
const load = (lang: string): Messages =>
  JSON.parse(readFileSync(`web/src/i18n/${lang}.json`, 'utf8')) as Messages;

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`),
  );
}

function values(messages: Messages): string[] {
  return Object.values(messages).flatMap((v) => (typeof v === 'string' ? [v] : values(v)));
}

describe('web messages', () => {
  const en = load('en');
  const ko = load('ko');

  it('have the same keys in English and Korean', () => {
    expect(keys(ko).sort()).toEqual(keys(en).sort());
  });

  it('have no empty texts', () => {
    expect(values(en).filter((v) => v.trim() === '')).toEqual([]);
    expect(values(ko).filter((v) => v.trim() === '')).toEqual([]);
  });

  it('are translated: Korean texts contain Hangul except names and codes', () => {
    const untranslated = keys(ko).filter((key) => {
      const text = key.split('.').reduce<Messages | string>((m, k) => (m as Messages)[k]!, ko) as string;
      return !/[\uAC00-\uD7A3]/.test(text) && !/^(cetmap|English|[A-Z0-9 ._()/-]+)$/.test(text);
    });
    expect(untranslated).toEqual([]);
  });
});
