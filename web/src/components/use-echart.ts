/** An ECharts instance bound to a div: created on mount, resized with the window, disposed on unmount. */
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

export function useEChart() {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  return { el, chart };
}
