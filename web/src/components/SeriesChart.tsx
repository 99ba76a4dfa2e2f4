/** Yearly output / top-10 % / share chart (ECharts, tree-shaken): loaded lazily in its own chunk. */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEChart } from './use-echart';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface SeriesLine {
  name: string;
  values: Array<number | null>;
  highlight?: boolean;
}

export default function SeriesChart({
  years,
  lines,
  title,
  format,
  fileName,
}: {
  years: number[];
  lines: SeriesLine[];
  title: string;
  format: (n: number) => string;
  fileName: string;
}) {
  const { t } = useTranslation();
  const { el, chart } = useEChart();

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { fontFamily: getComputedStyle(document.documentElement).fontFamily },
        grid: { left: 56, right: 24, top: 48, bottom: 32 },
        legend: { top: 0, type: 'scroll' },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '–'),
        },
        xAxis: { type: 'category', data: years.map(String), boundaryGap: false },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
        series: lines.map((l) => ({
          name: l.name,
          type: 'line',
          data: l.values,
          showSymbol: false,
          connectNulls: false,
          lineStyle: { width: l.highlight ? 3 : 1.5 },
          emphasis: { focus: 'series' },
        })),
      },
      { notMerge: true },
    );
  }, [years, lines, format]);

  const download = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (!url) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
  };

  return (
    <figure className="series-chart" data-testid="series-chart">
      <div ref={el} className="series-canvas" role="img" aria-label={title} />
      <figcaption>
        <button type="button" className="button button-secondary" onClick={download} data-testid="chart-png">
          {t('standing.chart.png')}
        </button>
      </figcaption>
    </figure>
  );
}
