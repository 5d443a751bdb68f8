"use client";
/** Noise events with audio playback (WAV through the portal's audio route) and CSV. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { downloadCsv, toCsv } from "@/lib/csv";
import { formatDateTime, formatNumber } from "@/lib/format";
import { formErrors, useTRPC } from "@/lib/trpc";
import { presetRange, RangePicker, type Range } from "./range-picker";

export function EventsPanel({ orgSlug, serial }: { orgSlug: string; serial: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>(() => presetRange("7d"));
  const [playing, setPlaying] = useState<string | null>(null);
  const events = useQuery({
    ...trpc.instruments.events.queryOptions({ orgSlug, serial, range: { start: range.start, end: range.end } }),
    placeholderData: keepPreviousData,
  });
  const rows = [...(events.data ?? [])].reverse();
  return (
    <Card>
      <CardHeader
        title="Events"
        description={
          events.data ? `${rows.length} exceedance event${rows.length === 1 ? "" : "s"}` : "Exceedance events"
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <RangePicker value={range} onChange={setRange} />
            <Button
              size="sm"
              variant="secondary"
              disabled={!events.data}
              onClick={() =>
                downloadCsv(
                  `${serial}-events.csv`,
                  toCsv(
                    ["start", "end", "name", "type", "level_dB", "audio"],
                    rows.map((e) => [e.start, e.end, e.name, e.type, e.level, e.audioId ? "yes" : "no"]),
                  ),
                )
              }
            >
              CSV
            </Button>
          </div>
        }
      />
      {events.error ? (
        <div className="p-4">
          <Notice tone="error">{formErrors(events.error).message}</Notice>
        </div>
      ) : !events.data ? (
        <div className="space-y-2 p-4">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-10 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
          ))}
        </div>
      ) : rows.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-slate-500">No events in this range.</p>
      ) : (
        <ul className="max-h-[28rem] divide-y divide-slate-100 overflow-y-auto text-sm dark:divide-slate-800">
          {rows.slice(0, 200).map((e) => {
            const key = `${e.start.getTime()}-${e.name}`;
            return (
              <li key={key} className="px-5 py-2.5">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="font-medium tabular-nums">{formatDateTime(e.start)}</span>
                  <span className="text-slate-500">
                    {formatNumber((e.end.getTime() - e.start.getTime()) / 1000, 0, "s")}
                  </span>
                  <Badge tone={e.level !== null && e.level >= 80 ? "red" : "amber"}>
                    {e.level !== null ? formatNumber(e.level, 1, "dB") : e.type}
                  </Badge>
                  <span className="text-slate-500">{e.name}</span>
                  {e.audioId && (
                    <Button
                      size="sm"
                      variant="ghost"
                      className="ml-auto"
                      onClick={() => setPlaying(playing === e.audioId ? null : e.audioId)}
                    >
                      {playing === e.audioId ? "Hide audio" : "▶ Audio"}
                    </Button>
                  )}
                </div>
                {playing && playing === e.audioId && (
                  <audio
                    className="mt-2 w-full"
                    controls
                    autoPlay
                    preload="none"
                    src={`/api/orgs/${encodeURIComponent(orgSlug)}/audio/${encodeURIComponent(e.audioId)}?serial=${encodeURIComponent(serial)}&at=${encodeURIComponent(new Date(e.start).toISOString())}`}
                  >
                    <track kind="captions" />
                  </audio>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
