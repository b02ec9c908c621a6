import { Box } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface SeriesPoint {
  at: string;
  average: number;
  peak: number;
  unique: number;
}

const HEIGHT = 260;

/**
 * Listeners over time: peak, average and unique per point, drawn by uPlot on a canvas. The
 * canvas says nothing to a screen reader, so the same figures are in the table below it (and
 * the chart is labelled as a summary of them).
 */
export function ListenerChart({ series }: { series: readonly SeriesPoint[] }) {
  const { ref: box, width } = useElementSize();
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = target.current;
    if (!el || width === 0) return;
    const data: uPlot.AlignedData = [
      series.map((p) => Date.parse(p.at) / 1000),
      series.map((p) => p.peak),
      series.map((p) => p.average),
      series.map((p) => p.unique),
    ];
    const chart = new uPlot(
      {
        width: Math.floor(width),
        height: HEIGHT,
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
        series: [
          {},
          { label: 'Peak', stroke: '#1c7ed6', width: 2 },
          { label: 'Average', stroke: '#0ca678', width: 2, fill: 'rgba(12,166,120,0.08)' },
          { label: 'Unique', stroke: '#e8590c', width: 1.5, dash: [6, 4] },
        ],
        axes: [{}, { label: 'Listeners', size: 50 }],
      },
      data,
      el,
    );
    return () => chart.destroy();
  }, [series, width]);
  return (
    <Box ref={box} w="100%">
      <div
        ref={target}
        role="img"
        aria-label="Chart of listeners over time: peak, average and unique (figures in the table below)"
      />
    </Box>
  );
}
