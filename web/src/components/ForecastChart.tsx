/** Observed series, Holt forecast and its 80/95 % prediction bands (ECharts, tree-shaken; loaded lazily). */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEChart } from './use-echart';

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export interface ForecastChartProps {
  years: number[];
  observed: number[];
  forecastYears: number[];
  forecast: Array<{
    forecast: number;
    lo80: number | null;
    hi80: number | null;
    lo95: number | null;
    hi95: number | null;
  }>;
  target: number | null;
  targetLabel: string;
  format: (n: number) => string;
  /** Counts and shares cannot go below 0: the bands are clipped there for display only. */
  clipAtZero?: boolean;
}

export default function ForecastChart(props: ForecastChartProps) {
  const { t } = useTranslation();
  const { el, chart } = useEChart();

  useEffect(() => {
    const { years, observed, forecastYears, forecast, format, target, targetLabel } = props;
    const clip = (x: number | null) => (x === null ? null : props.clipAtZero === false ? x : Math.max(0, x));
    const all = [...years, ...forecastYears].map(String);
    const pad = (values: Array<number | null>, before: number) => [
      ...new Array<number | null>(before).fill(null),
      ...values,
    ];
    const n = years.length;
    const lastObserved = observed.at(-1) ?? null;
    // Bands as stacked areas: an invisible lower edge, then the band's width on top of it.
    const band = (lo: Array<number | null>, hi: Array<number | null>, name: string, opacity: number) => [
      {
        name: `${name}-base`,
        type: 'line',
        stack: name,
        data: pad(lo, n),
        lineStyle: { opacity: 0 },
        showSymbol: false,
        tooltip: { show: false },
        silent: true,
      },
      {
        name,
        type: 'line',
        stack: name,
        data: pad(
          hi.map((h, i) => (h === null || lo[i] === null ? null : h - lo[i]!)),
          n,
        ),
        lineStyle: { opacity: 0 },
        areaStyle: { opacity, color: '#3b6fb6' },
        showSymbol: false,
        silent: true,
      },
    ];
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { fontFamily: getComputedStyle(document.documentElement).fontFamily },
        grid: { left: 64, right: 24, top: 48, bottom: 32 },
        legend: {
          top: 0,
          data: [
            t('foresight.chart.observed'),
            t('foresight.chart.forecast'),
            t('foresight.chart.band80'),
            t('foresight.chart.band95'),
          ],
        },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '–'),
        },
        xAxis: { type: 'category', data: all, boundaryGap: false },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
        series: [
          ...band(
            forecast.map((f) => clip(f.lo95)),
            forecast.map((f) => clip(f.hi95)),
            t('foresight.chart.band95'),
            0.15,
          ),
          ...band(
            forecast.map((f) => clip(f.lo80)),
            forecast.map((f) => clip(f.hi80)),
            t('foresight.chart.band80'),
            0.25,
          ),
          {
            name: t('foresight.chart.observed'),
            type: 'line',
            data: observed,
            showSymbol: true,
            lineStyle: { width: 2.5, color: '#1d3557' },
            itemStyle: { color: '#1d3557' },
            markLine:
              target === null
                ? undefined
                : {
                    symbol: 'none',
                    label: { formatter: targetLabel },
                    lineStyle: { type: 'dashed', color: '#b23a48' },
                    data: [{ yAxis: target }],
                  },
          },
          {
            name: t('foresight.chart.forecast'),
            type: 'line',
            data: pad([lastObserved, ...forecast.map((f) => f.forecast)], n - 1),
            showSymbol: true,
            lineStyle: { width: 2, type: 'dashed', color: '#3b6fb6' },
            itemStyle: { color: '#3b6fb6' },
          },
        ],
      },
      { notMerge: true },
    );
  }, [props, t]);

  return (
    <div
      ref={el}
      className="chart"
      style={{ height: 320 }}
      data-testid="forecast-chart"
      role="img"
      aria-label={t('foresight.chart.label')}
    />
  );
}
