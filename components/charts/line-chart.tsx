"use client";
/**
 * The one chart.js wrapper: plain data in ({t, v} points per dataset), never a
 * fetch. Time runs on a linear axis in epoch ms (no date adapter needed).
 * Dragging across the plot calls onZoom with the chosen time span.
 */
import {
  Chart as ChartJS,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
  type Plugin,
} from "chart.js";
import { useEffect, useMemo, useRef, useState } from "react";
import { Line } from "react-chartjs-2";
import { axisTimeFormatter, formatDateTime, formatNumber } from "@/lib/format";

ChartJS.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Filler);

export interface ChartSeries {
  label: string;
  points: ReadonlyArray<{ t: number; v: number | null }>;
  color: string;
  /** Draw points only (calibration records), or a dashed line (trend). */
  style?: "line" | "points" | "dashed" | "step";
  fill?: boolean;
  hidden?: boolean;
  /** false: left out of the legend (trend lines). */
  legend?: boolean;
}

export interface LineChartProps {
  series: ChartSeries[];
  /** Accessible summary; the canvas is an image to screen readers. */
  label: string;
  unit?: string;
  height?: number;
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  /** Horizontal guide lines, e.g. ±0.5 dB. */
  guides?: Array<{ value: number; color: string; label?: string }>;
  onZoom?: (start: number, end: number) => void;
  decimals?: number;
  showLegend?: boolean;
}

function useDark(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setDark(root.classList.contains("dark"));
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

export function LineChart({
  series,
  label,
  unit,
  height = 260,
  xMin,
  xMax,
  yMin,
  yMax,
  guides = [],
  onZoom,
  decimals = 1,
  showLegend = true,
}: LineChartProps) {
  const dark = useDark();
  const ref = useRef<ChartJS<"line", { x: number; y: number | null }[]>>(null);
  const drag = useRef<{ from: number; to: number } | null>(null);
  const [selection, setSelection] = useState<{ left: number; width: number } | null>(null);

  const data = useMemo<ChartData<"line", { x: number; y: number | null }[]>>(
    () => ({
      datasets: series.map((s) => ({
        label: s.label,
        data: s.points.map((p) => ({ x: p.t, y: p.v })),
        borderColor: s.color,
        backgroundColor: s.fill ? `${s.color}22` : s.color,
        fill: s.fill ?? false,
        borderWidth: s.style === "points" ? 0 : 1.5,
        borderDash: s.style === "dashed" ? [6, 4] : undefined,
        stepped: s.style === "step" ? ("before" as const) : false,
        showLine: s.style !== "points",
        pointRadius: s.style === "points" ? 3 : 0,
        pointHoverRadius: 4,
        tension: 0,
        spanGaps: false,
        hidden: s.hidden,
      })),
    }),
    [series],
  );

  const span =
    (xMax ?? 0) - (xMin ?? 0) ||
    Math.max(1, ...series.flatMap((s) => (s.points.length ? [s.points.at(-1)!.t - s.points[0]!.t] : [])));
  const grid = dark ? "rgba(148,163,184,0.15)" : "rgba(100,116,139,0.15)";
  const text = dark ? "#94a3b8" : "#64748b";

  const guidesPlugin = useMemo<Plugin<"line">>(
    () => ({
      id: "guides",
      afterDatasetsDraw(chart) {
        const { ctx, chartArea, scales } = chart;
        for (const g of guides) {
          const y = scales.y!.getPixelForValue(g.value);
          if (y < chartArea.top || y > chartArea.bottom) continue;
          ctx.save();
          ctx.strokeStyle = g.color;
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          ctx.moveTo(chartArea.left, y);
          ctx.lineTo(chartArea.right, y);
          ctx.stroke();
          if (g.label) {
            ctx.fillStyle = g.color;
            ctx.font = "11px sans-serif";
            ctx.fillText(g.label, chartArea.left + 4, y - 4);
          }
          ctx.restore();
        }
      },
    }),
    [guides],
  );

  const options = useMemo<ChartOptions<"line">>(
    () => ({
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: {
        x: {
          type: "linear",
          min: xMin,
          max: xMax,
          ticks: { color: text, maxTicksLimit: 8, callback: axisTimeFormatter(span) },
          grid: { color: grid },
        },
        y: {
          min: yMin,
          max: yMax,
          ticks: { color: text },
          grid: { color: grid },
          title: unit ? { display: true, text: unit, color: text } : undefined,
        },
      },
      plugins: {
        legend: {
          display: showLegend,
          labels: {
            color: text,
            boxWidth: 12,
            boxHeight: 2,
            filter: (item) => series[item.datasetIndex ?? 0]?.legend !== false,
          },
        },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? formatDateTime(new Date(items[0].parsed.x ?? 0)) : ""),
            label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y, decimals, unit)}`,
          },
        },
      },
    }),
    [xMin, xMax, yMin, yMax, unit, span, grid, text, decimals, showLegend, series],
  );

  const xAt = (clientX: number) => {
    const chart = ref.current;
    if (!chart) return null;
    const rect = chart.canvas.getBoundingClientRect();
    const px = Math.min(Math.max(clientX - rect.left, chart.chartArea.left), chart.chartArea.right);
    return { px, value: chart.scales.x!.getValueForPixel(px)! };
  };

  return (
    <div
      className="relative select-none"
      style={{ height }}
      role="img"
      aria-label={label}
      onPointerDown={(e) => {
        if (!onZoom || e.button !== 0) return;
        const at = xAt(e.clientX);
        if (at) drag.current = { from: at.px, to: at.px };
      }}
      onPointerMove={(e) => {
        if (!drag.current) return;
        const at = xAt(e.clientX);
        if (!at) return;
        drag.current.to = at.px;
        setSelection({ left: Math.min(drag.current.from, at.px), width: Math.abs(at.px - drag.current.from) });
      }}
      onPointerUp={() => {
        const d = drag.current;
        drag.current = null;
        setSelection(null);
        const chart = ref.current;
        if (!d || !chart || !onZoom || Math.abs(d.to - d.from) < 8) return;
        const a = chart.scales.x!.getValueForPixel(Math.min(d.from, d.to))!;
        const b = chart.scales.x!.getValueForPixel(Math.max(d.from, d.to))!;
        onZoom(Math.round(a), Math.round(b));
      }}
      onPointerLeave={() => {
        drag.current = null;
        setSelection(null);
      }}
    >
      <Line ref={ref} data={data} options={options} plugins={[guidesPlugin]} />
      {selection && (
        <div
          className="pointer-events-none absolute top-2 bottom-8 bg-brand-500/15 ring-1 ring-brand-500/50"
          style={{ left: selection.left, width: selection.width }}
        />
      )}
    </div>
  );
}

export function ChartSkeleton({ height = 260 }: { height?: number }) {
  return (
    <div
      className="flex animate-pulse items-end gap-1 rounded-lg bg-slate-50 p-4 dark:bg-slate-800/40"
      style={{ height }}
      aria-label="Loading chart"
    >
      {Array.from({ length: 32 }, (_, i) => (
        <div
          key={i}
          className="flex-1 rounded-sm bg-slate-200 dark:bg-slate-700"
          style={{ height: `${30 + ((i * 37) % 60)}%` }}
        />
      ))}
    </div>
  );
}
