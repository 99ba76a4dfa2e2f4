/** Job-posting demand per Korean region as a bar chart (no Korean regions geodata ships with cetmap). */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEChart } from '../../components/use-echart';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export default function RegionBars({ rows }: { rows: Array<{ label: string; postings: number }> }) {
  const { t } = useTranslation();
  const { el, chart } = useEChart();
  useEffect(() => {
    const sorted = [...rows].reverse();
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis' },
        grid: { left: 150, right: 20, top: 10, bottom: 30 },
        xAxis: { type: 'value', name: t('talent.demand.postings') },
        yAxis: { type: 'category', data: sorted.map((r) => r.label) },
        series: [{ type: 'bar', data: sorted.map((r) => r.postings), itemStyle: { color: '#2a6f97' } }],
      },
      { notMerge: true },
    );
  }, [rows, t, chart]);
  return (
    <div
      ref={el}
      className="chart"
      style={{ height: Math.max(200, rows.length * 24 + 40) }}
      data-testid="talent-region-chart"
      role="img"
      aria-label={t('talent.demand.regionChart')}
    />
  );
}
