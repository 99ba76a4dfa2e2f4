import { describe, expect, it } from 'vitest';
import { kpiStatus, milestoneSlippage } from './mission-rules.js';

describe('milestone slippage', () => {
  it('measures a reached milestone from its actual date', () => {
    expect(
      milestoneSlippage({ planned: '2025-03-31', forecast: null, actual: '2025-05-10' }, '2026-01-01'),
    ).toEqual({ state: 'done_late', daysLate: 40, measuredTo: '2025-05-10' });
    expect(
      milestoneSlippage(
        { planned: '2025-03-31', forecast: '2025-09-01', actual: '2025-03-01' },
        '2026-01-01',
      ),
    ).toEqual({ state: 'done', daysLate: -30, measuredTo: '2025-03-01' });
  });

  it('measures an open milestone from its forecast until the forecast passes', () => {
    expect(
      milestoneSlippage({ planned: '2026-06-30', forecast: '2026-09-30', actual: null }, '2026-01-01'),
    ).toEqual({ state: 'slipping', daysLate: 92, measuredTo: '2026-09-30' });
    expect(milestoneSlippage({ planned: '2026-06-30', forecast: null, actual: null }, '2026-01-01')).toEqual({
      state: 'on_schedule',
      daysLate: 0,
      measuredTo: '2026-06-30',
    });
  });

  it('counts an open milestone past its due date as overdue up to today', () => {
    expect(milestoneSlippage({ planned: '2025-12-01', forecast: null, actual: null }, '2025-12-31')).toEqual({
      state: 'overdue',
      daysLate: 30,
      measuredTo: '2025-12-31',
    });
    // a forecast in the past also makes it overdue, still measured against the planned date
    expect(
      milestoneSlippage({ planned: '2025-10-01', forecast: '2025-11-01', actual: null }, '2025-12-01'),
    ).toMatchObject({ state: 'overdue', daysLate: 61 });
  });
});

describe('KPI status', () => {
  const kpi = { baseline: 10, baselineYear: 2023, direction: 'increase' as const };
  it('compares the actual with the year’s target on the path from the baseline', () => {
    expect(kpiStatus(kpi, 2025, 20, 20).status).toBe('on_track');
    expect(kpiStatus(kpi, 2025, 20, 19.5).status).toBe('on_track'); // 95 % of the way
    expect(kpiStatus(kpi, 2025, 20, 18).status).toBe('at_risk'); // 80 %
    expect(kpiStatus(kpi, 2025, 20, 14)).toMatchObject({ status: 'off_track', progress: 0.4 });
  });
  it('has no status without a target or an actual', () => {
    expect(kpiStatus(kpi, 2025, null, 14).status).toBe('no_data');
    expect(kpiStatus(kpi, 2025, 20, null).status).toBe('no_data');
  });
  it('reads decreasing KPIs the other way round', () => {
    const rank = { baseline: 10, baselineYear: 2023, direction: 'decrease' as const };
    expect(kpiStatus(rank, 2025, 6, 6).status).toBe('on_track');
    expect(kpiStatus(rank, 2025, 6, 9).status).toBe('off_track');
  });
});
