/** Researcher flows of the home country as a Sankey diagram: origins → home → destinations (ECharts, lazy). */
import { SankeyChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEChart } from '../../components/use-echart';

echarts.use([SankeyChart, TooltipComponent, CanvasRenderer]);

export interface FlowLink {
  country: string;
  moves: number;
}

export default function FlowSankey({
  home,
  origins,
  destinations,
}: {
  home: string;
  origins: FlowLink[];
  destinations: FlowLink[];
}) {
  const { t } = useTranslation();
  const { el, chart } = useEChart();
  useEffect(() => {
    // Sankey needs distinct node names: a partner appears once on each side.
    const from = (c: string) => t('talent.sankey.from', { country: c });
    const to = (c: string) => t('talent.sankey.to', { country: c });
    const nodes = [
      ...origins.map((o) => ({ name: from(o.country) })),
      { name: home, itemStyle: { color: '#c0392b' } },
      ...destinations.map((d) => ({ name: to(d.country) })),
    ];
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { trigger: 'item' },
        series: [
          {
            type: 'sankey',
            nodeAlign: 'justify',
            emphasis: { focus: 'adjacency' },
            data: nodes,
            links: [
              ...origins.map((o) => ({ source: from(o.country), target: home, value: o.moves })),
              ...destinations.map((d) => ({ source: home, target: to(d.country), value: d.moves })),
            ],
            lineStyle: { color: 'gradient', opacity: 0.45 },
            label: { fontSize: 12 },
          },
        ],
      },
      { notMerge: true },
    );
  }, [home, origins, destinations, t, chart]);
  return (
    <div
      ref={el}
      className="chart"
      style={{ height: 360 }}
      data-testid="talent-sankey"
      role="img"
      aria-label={t('talent.sankey.label', { home })}
    />
  );
}
