"use client";
/** Presets 24 h / 7 d / 31 d plus a custom range (local time inputs). */
import { useState } from "react";
import { cx } from "@/components/ui/cx";

export type Preset = "24h" | "7d" | "31d";
export const PRESET_MS: Record<Preset, number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "31d": 31 * 86_400_000 };
export interface Range {
  start: Date;
  end: Date;
  preset: Preset | "custom";
}

/** Rounded to the minute, so a re-render does not make a new query key. */
export function presetRange(preset: Preset, now = Date.now()): Range {
  const end = Math.floor(now / 60_000) * 60_000;
  return { start: new Date(end - PRESET_MS[preset]), end: new Date(end), preset };
}

const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export function RangePicker({
  value,
  onChange,
  maxDays = 92,
  presets = ["24h", "7d", "31d"],
}: {
  value: Range;
  onChange: (r: Range) => void;
  maxDays?: number;
  presets?: Preset[];
}) {
  const [custom, setCustom] = useState(false);
  const [from, setFrom] = useState(local(value.start));
  const [to, setTo] = useState(local(value.end));
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div
        className="inline-flex rounded-lg p-0.5 ring-1 ring-slate-200 ring-inset dark:ring-slate-700"
        role="group"
        aria-label="Range"
      >
        {presets.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={value.preset === p}
            onClick={() => {
              setCustom(false);
              onChange(presetRange(p));
            }}
            className={cx(
              "rounded-md px-2.5 py-1 text-xs font-medium",
              value.preset === p
                ? "bg-brand-600 text-white"
                : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
            )}
          >
            {p}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={value.preset === "custom" || custom}
          onClick={() => setCustom((c) => !c)}
          className={cx(
            "rounded-md px-2.5 py-1 text-xs font-medium",
            value.preset === "custom"
              ? "bg-brand-600 text-white"
              : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
          )}
        >
          Custom
        </button>
      </div>
      {custom && (
        <form
          className="flex flex-wrap items-center gap-2 text-xs"
          onSubmit={(e) => {
            e.preventDefault();
            const start = new Date(from);
            const end = new Date(to);
            if (!(end > start)) return setError("The end must be after the start");
            if (end.getTime() - start.getTime() > maxDays * 86_400_000) return setError(`At most ${maxDays} days`);
            setError(null);
            onChange({ start, end, preset: "custom" });
          }}
        >
          <input
            aria-label="From"
            type="datetime-local"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            className="rounded-md border-0 bg-white px-2 py-1 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:ring-slate-700"
          />
          <span className="text-slate-400">to</span>
          <input
            aria-label="To"
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            className="rounded-md border-0 bg-white px-2 py-1 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:ring-slate-700"
          />
          <button
            type="submit"
            className="rounded-md bg-brand-600 px-2.5 py-1 font-medium text-white hover:bg-brand-700"
          >
            Apply
          </button>
          {error && <span className="text-rose-600">{error}</span>}
        </form>
      )}
    </div>
  );
}
