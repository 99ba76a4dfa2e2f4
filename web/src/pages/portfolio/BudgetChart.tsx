/** Stacked bar chart of budgets by year (ECharts, loaded lazily in its own chunk): one stack per CET or ministry. */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useEChart } from '../../components/use-echart';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface BudgetSeries {
  name: string;
  values: number[];
}

export default function BudgetChart({
  years,
  series,
  title,
  format,
}: {
  years: number[];
  series: BudgetSeries[];
  title: string;
  format: (krw: number) => string;
}) {
  const { el, chart } = useEChart();
  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { fontFamily: getComputedStyle(document.documentElement).fontFamily },
        grid: { left: 88, right: 16, top: 64, bottom: 32 },
        legend: { top: 0, type: 'scroll' },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '–'),
        },
        xAxis: { type: 'category', data: years.map(String) },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
        series: series.map((s) => ({
          name: s.name,
          type: 'bar',
          stack: 'budget',
          data: s.values,
          emphasis: { focus: 'series' },
        })),
      },
      { notMerge: true },
    );
  }, [years, series, format]);
  return (
    <figure className="series-chart" data-testid="budget-chart">
      <div ref={el} style={{ width: '100%', height: 380 }} role="img" aria-label={title} />
    </figure>
  );
}
