"use client";
/** LAeq / LAFMax / LCPeak, downsampled on the server; drag to zoom, CSV of what is shown. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ChartSkeleton, LineChart } from "@/components/charts/line-chart";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { downloadCsv, toCsv } from "@/lib/csv";
import { formatCount } from "@/lib/format";
import { formErrors, useTRPC } from "@/lib/trpc";
import { presetRange, RangePicker, type Range } from "./range-picker";

const COLORS = { LAeq: "#17847a", LAFMax: "#f59e0b", LCPeak: "#e11d48" } as const;

export function NoisePanel({ orgSlug, serial }: { orgSlug: string; serial: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>(() => presetRange("24h"));
  const [history, setHistory] = useState<Range[]>([]);
  const query = useQuery({
    ...trpc.instruments.noiseChart.queryOptions({ orgSlug, serial, range: { start: range.start, end: range.end } }),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const series = data
    ? (Object.keys(COLORS) as Array<keyof typeof COLORS>).map((name) => ({
        label: name,
        color: COLORS[name],
        points: data.series[name] ?? [],
        fill: name === "LAeq",
      }))
    : [];

  const exportCsv = () => {
    if (!data) return;
    const times = [...new Set(Object.values(data.series).flatMap((s) => s.map((p) => p.t)))].sort((a, b) => a - b);
    const lookup = Object.fromEntries(
      Object.entries(data.series).map(([k, s]) => [k, new Map(s.map((p) => [p.t, p.v]))]),
    );
    downloadCsv(
      `${serial}-noise-${range.start.toISOString().slice(0, 10)}.csv`,
      toCsv(
        ["time", "LAeq", "LAFMax", "LCPeak"],
        times.map((t) => [new Date(t), lookup.LAeq?.get(t), lookup.LAFMax?.get(t), lookup.LCPeak?.get(t)]),
      ),
    );
  };

  return (
    <Card>
      <CardHeader
        title="Noise"
        description={
          data
            ? `${formatCount(data.rawCount)} measurements${data.downsampled ? `, drawn as ${formatCount(data.pointCount)} points keeping every peak` : ""} · drag across the chart to zoom`
            : "LAeq, LAFMax and LCPeak"
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {history.length > 0 && (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setRange(history.at(-1)!);
                  setHistory((h) => h.slice(0, -1));
                }}
              >
                Zoom out
              </Button>
            )}
            <RangePicker
              value={range}
              onChange={(r) => {
                setHistory([]);
                setRange(r);
              }}
            />
            <Button size="sm" variant="secondary" disabled={!data} onClick={exportCsv}>
              CSV
            </Button>
          </div>
        }
      />
      <div className="p-4">
        {query.error ? (
          <Notice tone="error">{formErrors(query.error).message}</Notice>
        ) : !data ? (
          <ChartSkeleton />
        ) : data.rawCount === 0 ? (
          <p className="py-16 text-center text-sm text-slate-500">
            No measurements in this range. The instrument may have been offline or not measuring.
          </p>
        ) : (
          <div className={query.isFetching ? "opacity-60 transition-opacity" : ""}>
            <LineChart
              label={`Noise levels for ${serial}`}
              unit="dB"
              series={series}
              xMin={data.start}
              xMax={data.end}
              onZoom={(a, b) => {
                if (b - a < 10 * 60_000) return;
                setHistory((h) => [...h, range]);
                setRange({ start: new Date(a), end: new Date(b), preset: "custom" });
              }}
            />
          </div>
        )}
      </div>
    </Card>
  );
}
