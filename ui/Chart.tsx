import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart drawn on canvas (no tooltip: its HTML would carry inline styles the kiosk's and
 * the HQ console's CSPs refuse). `label` says in words what it shows, for screen readers and tests; the figures are
 * also written out beside it.
 */
export function Chart({ option, label, className }: { option: ChartOption; label: string; className: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: false, textStyle: { fontFamily: "'Noto Sans SC', system-ui, sans-serif" }, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={element} className={className} role="img" aria-label={label} />;
}
