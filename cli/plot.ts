/**
 * The SVG chart of a simulation, rendered by Apache ECharts on the server side (no DOM). Only the
 * CLI bundle loads it.
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { SimulationResult } from '../src/simulator/simulation';

echarts.use([LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

/** Points per series: a day at one point a minute; longer traces are reduced to each interval's maximum. */
const MAX_POINTS = 1440;

/** Each interval's maximum, so that a short burst or a cold-start queue stays visible when zoomed out. */
function downsample(values: number[], step: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += step) {
    let max = values[i];
    for (let j = i + 1; j < Math.min(values.length, i + step); j++) if (values[j] > max) max = values[j];
    out.push(max);
  }
  return out;
}

/** Load, desired and ready pods and requests waiting, over time; ready pods and waits for each policy compared. */
export function renderPlot(results: SimulationResult[], title: string): string {
  const seconds = results[0].timeline.readyPods.length;
  const step = Math.max(1, Math.ceil(seconds / MAX_POINTS));
  const hours = (index: number) => Math.round(((index * step) / 3600) * 1000) / 1000;
  const line = (name: string, values: number[], dashed = false) => ({
    name,
    type: 'line' as const,
    step: 'end' as const,
    showSymbol: false,
    lineStyle: { width: 1.5, type: dashed ? ('dashed' as const) : ('solid' as const) },
    data: downsample(values, step).map((v, i) => [hours(i), v]),
  });
  const series = [line('requests in flight (load)', results[0].timeline.requestsInFlight)];
  for (const result of results) {
    const prefix = results.length > 1 ? `${result.name}: ` : '';
    // Side by side, desired pods would double the lines; ready pods and waits carry the comparison.
    if (results.length === 1) series.push(line('desired pods', result.timeline.desiredPods, true));
    series.push(line(`${prefix}ready pods`, result.timeline.readyPods));
    series.push(line(`${prefix}requests waiting (cold starts, queues)`, result.timeline.requestsWaiting));
  }
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1200, height: 600 });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 'center', top: 4, textStyle: { fontSize: 14 } },
    legend: { top: 30, type: 'plain' },
    grid: { left: 60, right: 30, top: 60 + 22 * Math.ceil(series.length / 4), bottom: 50 },
    xAxis: { type: 'value', name: 'hours', nameLocation: 'middle', nameGap: 28, min: 0, max: hours(Math.ceil(seconds / step)) },
    yAxis: { type: 'value', name: 'pods / requests' },
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
