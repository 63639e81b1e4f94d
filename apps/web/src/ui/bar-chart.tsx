import type { Chart } from 'chart.js';
import { useEffect, useRef } from 'react';

// Chart.js is loaded after the first paint: the board and the tables beside each chart carry the same
// numbers as text, so the page is usable before the charts are drawn (and the first download is smaller).
let loading: Promise<typeof Chart> | undefined;
function loadChart(): Promise<typeof Chart> {
  loading ??= import('chart.js').then(({ BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip }) => {
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
    return Chart;
  });
  return loading;
}

export interface BarSeries {
  label: string;
  data: (number | null)[];
  color: string;
}

/** A Chart.js bar chart; a click on a bar reports its series and category. The table beside it carries the same numbers as text. */
export function BarChart(props: {
  id: string;
  label: string;
  labels: string[];
  series: BarSeries[];
  yTitle?: string;
  onBarClick?: (seriesIndex: number, index: number) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const click = useRef(props.onBarClick);
  click.current = props.onBarClick;

  useEffect(() => {
    let chart: Chart | undefined;
    let cancelled = false;
    void loadChart().then((ChartJs) => {
      if (cancelled || !canvas.current) return;
      chart = new ChartJs(canvas.current, {
      type: 'bar',
      data: {
        labels: props.labels,
        datasets: props.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color })),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, ...(props.yTitle ? { title: { display: true, text: props.yTitle } } : {}) } },
        onClick: (_event, elements) => {
          if (elements.length && click.current) click.current(elements[0].datasetIndex, elements[0].index);
        },
      },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [props.labels, props.series, props.yTitle]);

  return (
    <div style={{ position: 'relative', height: 260 }}>
      <canvas id={props.id} ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
