/** The supply-chain dependency graph, nodes coloured by concentration (HHI); ECharts graph, loaded lazily. */
import { GraphChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEChart } from './use-echart';
import type { SupplyGraphDto } from '../foresight-api';

echarts.use([GraphChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export default function SupplyGraph({
  graph,
  highlight,
  format,
}: {
  graph: SupplyGraphDto;
  /** Ids to draw larger (e.g. chokepoints or the inputs a scenario affects). */
  highlight: ReadonlySet<string>;
  format: (hhi: number) => string;
}) {
  const { t } = useTranslation();
  const { el, chart } = useEChart();

  useEffect(() => {
    const noData = t('foresight.graph.noShares');
    chart.current?.setOption(
      {
        animation: false,
        tooltip: {
          formatter: (p: {
            dataType?: string;
            data?: { name?: string; value?: number | null; top?: string };
          }) =>
            p.dataType === 'node' && p.data
              ? `${p.data.name}<br/>HHI ${p.data.value === null || p.data.value === undefined ? noData : format(p.data.value)}${p.data.top ? ` · ${p.data.top}` : ''}`
              : '',
        },
        visualMap: {
          min: 0,
          max: 10000,
          dimension: 0,
          seriesIndex: 0,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          text: [t('foresight.graph.concentrated'), t('foresight.graph.diverse')],
          inRange: { color: ['#2a9d8f', '#e9c46a', '#e76f51', '#9b2226'] },
          outOfRange: { color: '#cccccc' },
        },
        series: [
          {
            type: 'graph',
            layout: 'force',
            roam: true,
            draggable: true,
            force: { repulsion: 60, edgeLength: 30, gravity: 0.08 },
            edgeSymbol: ['none', 'arrow'],
            edgeSymbolSize: 5,
            lineStyle: { opacity: 0.4 },
            data: graph.nodes.map((n) => ({
              id: n.id,
              name: `${n.name} (${n.id})`,
              value: n.hhi,
              top:
                n.topCountry && n.cr1 !== null ? `${n.topCountry} ${Math.round(n.cr1 * 100)} %` : undefined,
              symbolSize: highlight.has(n.id) ? 16 : n.type === 'process' || n.level === 'stage' ? 12 : 7,
              itemStyle: n.hhi === null ? { color: '#cccccc' } : undefined,
            })),
            links: graph.edges.map((e) => ({
              source: e.source,
              target: e.target,
              lineStyle: { type: e.relation === 'is_type_of' ? 'dashed' : 'solid' },
            })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [graph, highlight, format, t]);

  return (
    <div
      ref={el}
      className="chart"
      style={{ height: 480 }}
      data-testid="supply-graph"
      role="img"
      aria-label={t('foresight.graph.label')}
    />
  );
}
