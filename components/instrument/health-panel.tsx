"use client";
/** System health from monitor stats (voltage, temperature, disk, LTE, CPU) and connection events. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ChartSkeleton, LineChart } from "@/components/charts/line-chart";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { formatDateTime, formatDuration, formatNumber } from "@/lib/format";
import { formErrors, useTRPC } from "@/lib/trpc";
import { presetRange, RangePicker, type Range } from "./range-picker";

const METRICS = [
  { key: "voltage", label: "Input voltage", unit: "V", color: "#17847a", decimals: 2 },
  { key: "temp", label: "Temperature", unit: "°C", color: "#f59e0b", decimals: 1 },
  { key: "disk", label: "Disk used", unit: "MB", color: "#6366f1", decimals: 0 },
  { key: "lteRsrp", label: "LTE RSRP", unit: "dBm", color: "#0ea5e9", decimals: 0 },
  { key: "cpu", label: "CPU", unit: "%", color: "#e11d48", decimals: 0 },
] as const;

export function HealthPanel({ orgSlug, serial }: { orgSlug: string; serial: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>(() => presetRange("24h"));
  const input = { orgSlug, serial, range: { start: range.start, end: range.end } };
  const stats = useQuery({ ...trpc.instruments.monitorStats.queryOptions(input), placeholderData: keepPreviousData });
  const events = useQuery({ ...trpc.instruments.monitorEvents.queryOptions(input), placeholderData: keepPreviousData });
  const rows = stats.data ?? [];
  return (
    <Card>
      <CardHeader
        title="System health"
        description="From the instrument's monitor statistics"
        actions={<RangePicker value={range} onChange={setRange} presets={["24h", "7d"]} maxDays={31} />}
      />
      <div className="p-4">
        {stats.error ? (
          <Notice tone="error">{formErrors(stats.error).message}</Notice>
        ) : !stats.data ? (
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {METRICS.map((m) => (
              <ChartSkeleton key={m.key} height={140} />
            ))}
          </div>
        ) : rows.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-500">
            No statistics in this range (the instrument sends them only while online).
          </p>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {METRICS.map((m) => {
              const points = rows.map((r) => ({ t: r.time.getTime(), v: r[m.key] }));
              const last = [...points].reverse().find((p) => p.v !== null);
              return (
                <div key={m.key} className="rounded-lg ring-1 ring-slate-100 dark:ring-slate-800">
                  <div className="flex items-baseline justify-between px-3 pt-2.5">
                    <span className="text-xs font-medium text-slate-500 dark:text-slate-400">{m.label}</span>
                    <span className="text-sm font-semibold tabular-nums">
                      {formatNumber(last?.v, m.decimals, m.unit)}
                    </span>
                  </div>
                  <div className="px-1 pb-1">
                    <LineChart
                      showLegend={false}
                      label={`${m.label} over time`}
                      unit={m.unit}
                      height={120}
                      decimals={m.decimals}
                      series={[{ label: m.label, color: m.color, points, fill: true }]}
                      xMin={range.start.getTime()}
                      xMax={range.end.getTime()}
                    />
                  </div>
                </div>
              );
            })}
          </div>
        )}
        <h3 className="mt-6 mb-2 text-sm font-semibold">Connection events</h3>
        {events.error ? (
          <Notice tone="error">{formErrors(events.error).message}</Notice>
        ) : !events.data ? (
          <div className="h-16 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
        ) : events.data.length === 0 ? (
          <p className="text-sm text-slate-500">No connection events in this range.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {[...events.data]
              .reverse()
              .slice(0, 50)
              .map((e, i) => (
                <li key={`${e.start.getTime()}-${i}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                  <Badge tone={/offline|disconnect|lost/i.test(e.type) ? "amber" : "neutral"}>{e.type}</Badge>
                  <span className="tabular-nums">{formatDateTime(e.start)}</span>
                  <span className="text-slate-500">
                    {e.end ? `for ${formatDuration(e.end.getTime() - e.start.getTime())}` : "ongoing"}
                  </span>
                  {e.info && <span className="text-slate-500">{e.info}</span>}
                </li>
              ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

export function WeatherPanel({ orgSlug, serial }: { orgSlug: string; serial: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>(() => presetRange("24h"));
  const weather = useQuery({
    ...trpc.instruments.weather.queryOptions({
      orgSlug,
      serial,
      range: { start: range.start, end: range.end },
      period: range.end.getTime() - range.start.getTime() > 2 * 86_400_000 ? "PT1H" : "PT10M",
    }),
    placeholderData: keepPreviousData,
  });
  const rows = weather.data ?? [];
  const series = (key: "windSpeed" | "temperature" | "humidity", label: string, color: string) => ({
    label,
    color,
    points: rows.map((r) => ({ t: r.time.getTime(), v: r[key] })),
  });
  return (
    <Card>
      <CardHeader
        title="Weather"
        description="Wind speed (m/s), temperature (°C) and humidity (%RH) at the instrument"
        actions={<RangePicker value={range} onChange={setRange} />}
      />
      <div className="p-4">
        {weather.error ? (
          <Notice tone="error">{formErrors(weather.error).message}</Notice>
        ) : !weather.data ? (
          <ChartSkeleton height={200} />
        ) : rows.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-500">No weather data in this range.</p>
        ) : (
          <LineChart
            label="Weather"
            height={200}
            series={[
              series("windSpeed", "Wind m/s", "#0ea5e9"),
              series("temperature", "Temperature °C", "#f59e0b"),
              series("humidity", "Humidity %", "#94a3b8"),
            ]}
            xMin={range.start.getTime()}
            xMax={range.end.getTime()}
          />
        )}
      </div>
    </Card>
  );
}
