import { describe, expect, it } from 'vitest';
import { parseInt8, parseNumeric } from './type-parsers.js';

describe('type parsers', () => {
  it('turns bigint text into a number', () => expect(parseInt8('4400000000')).toBe(4_400_000_000));
  it('refuses a bigint beyond the safe integer range rather than rounding it', () =>
    expect(() => parseInt8('9007199254740993')).toThrow(/safe integer/));
  it('turns numeric text into a number', () => expect(parseNumeric('0.125')).toBe(0.125));
  it('maps NaN and infinities to null, never to 0', () => {
    expect(parseNumeric('NaN')).toBeNull();
    expect(parseNumeric('Infinity')).toBeNull();
  });
});
