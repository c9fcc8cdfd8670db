/**
 * Charts as server-side SVG (ECharts' SSR renderer): readable without JavaScript, with role="img",
 * a <title>, and a data table beside each chart for screen readers. Inline styles and the <style>
 * block ECharts emits are rewritten into presentation attributes, so the strict CSP holds.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

// ECharts ships CommonJS typings (`export =`); load its CommonJS build explicitly, at the first
// chart drawn (loading it takes a noticeable part of a second, which every process that imports the
// app — each test file — would otherwise pay).
type ECharts = typeof import('echarts');
let loaded: ECharts | undefined;
const echarts = (): ECharts => (loaded ??= createRequire(import.meta.url)('echarts') as ECharts);

type EChartsOption = Parameters<ReturnType<ECharts['init']>['setOption']>[0];
import type { ComponentChildren } from 'preact';

/** Makes ECharts' SVG CSP-clean and labelled. */
export function accessibleSvg(svg: string, title: string, id: string): string {
  const esc = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/\sstyle="([^"]*)"/g, (_, css: string) =>
      css
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const i = d.indexOf(':');
          return i > 0 ? ` ${d.slice(0, i).trim()}="${esc(d.slice(i + 1).trim())}"` : '';
        })
        .join(''),
    )
    .replace(/\sclass="zr\d+-cls-\d+"/g, '')
    .replace(/<svg\b/, `<svg role="img" aria-labelledby="${id}" focusable="false"`)
    .replace(/(<svg[^>]*>)/, `$1<title id="${id}">${esc(title)}</title>`);
}

function render(option: EChartsOption, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface BarDatum {
  label: string;
  /** Stacked values, one per series. */
  values: number[];
}

/** A horizontal stacked bar chart of statuses per category. */
export function stackedBarSvg(
  title: string,
  series: { name: string; color: string }[],
  data: BarDatum[],
): string {
  const height = Math.max(160, 60 + data.length * 28);
  const svg = render(
    {
      grid: { left: 210, right: 20, top: 36, bottom: 30 },
      legend: { top: 4, textStyle: { color: '#333' } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#333' } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: data.map((d) => d.label),
        axisLabel: { color: '#333', width: 200, overflow: 'truncate' },
      },
      series: series.map((s, i) => ({
        name: s.name,
        type: 'bar',
        stack: 'all',
        itemStyle: { color: s.color },
        data: data.map((d) => d.values[i]),
      })),
    },
    720,
    height,
  );
  return accessibleSvg(svg, title, `chart-${randomBytes(4).toString('hex')}`);
}

/** A figure: the SVG chart and, beside it, the same figures as a table. */
export function ChartFigure({
  svg,
  caption,
  table,
}: {
  svg: string;
  caption: string;
  table: ComponentChildren;
}) {
  return (
    <figure class="ledger-chart">
      <figcaption>{caption}</figcaption>
      <div class="ledger-chart-svg" dangerouslySetInnerHTML={{ __html: svg }} />
      <div class="table-wrap">{table}</div>
    </figure>
  );
}
