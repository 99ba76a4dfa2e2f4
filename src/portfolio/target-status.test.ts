import { describe, expect, it } from 'vitest';
import { targetStatus, type TargetPath } from './target-status.js';

// World-leading CETs: 3 (2024) → 6 (2028).
const leading: TargetPath = {
  baseline: 3,
  baselineYear: 2024,
  target: 6,
  targetYear: 2028,
  direction: 'increase',
};
// Rank in quantum: 10th (2024) → top 3 (2028).
const rank: TargetPath = {
  baseline: 10,
  baselineYear: 2024,
  target: 3,
  targetYear: 2028,
  direction: 'decrease',
};

describe('target status against the straight path', () => {
  it('is on track when the measurement is on the path', () => {
    expect(targetStatus(leading, 4.5, 2026)).toMatchObject({
      status: 'on_track',
      expected: 4.5,
      progress: 1,
    });
  });
  it('is at risk a little below the path and off track far below it', () => {
    // expected 4.5 in 2026: progress (4.2−3)/(1.5) = 0.8 → at risk; (3.5−3)/1.5 = 0.33 → off track
    expect(targetStatus(leading, 4.2, 2026)).toMatchObject({ status: 'at_risk' });
    expect(targetStatus(leading, 4.2, 2026).progress).toBeCloseTo(0.8, 12);
    expect(targetStatus(leading, 3.5, 2026)).toMatchObject({ status: 'off_track' });
  });
  it('follows the direction for lower-is-better targets such as ranks', () => {
    // expected rank in 2026: 10 − 7 × 0.5 = 6.5; rank 7 → progress 3/3.5 = 0.857 → at risk
    expect(targetStatus(rank, 7, 2026)).toMatchObject({ status: 'at_risk', expected: 6.5 });
    expect(targetStatus(rank, 2, 2025)).toMatchObject({ status: 'on_track', met: true });
    expect(targetStatus(rank, 12, 2027)).toMatchObject({ status: 'off_track' });
  });
  it('is on track at the baseline year unless worse than the baseline', () => {
    expect(targetStatus(leading, 3, 2024).status).toBe('on_track');
    expect(targetStatus(leading, 2, 2024).status).toBe('at_risk');
  });
  it('without a baseline, is on track once met and at risk until the target date', () => {
    const noBase: TargetPath = { ...rank, baseline: null };
    expect(targetStatus(noBase, 2, 2025).status).toBe('on_track');
    expect(targetStatus(noBase, 5, 2025).status).toBe('at_risk');
    expect(targetStatus(noBase, 5, 2028).status).toBe('off_track');
  });

  it('says when there is no measurement', () => {
    expect(targetStatus(leading, null, 2026).status).toBe('no_data');
  });
});
