import { cx } from "@/components/ui/cx";
import { instrumentState, instrumentStateLabel, lteQuality, type InstrumentState } from "@/lib/fleet";
import { formatNumber, formatPercent } from "@/lib/format";

const DOT: Record<InstrumentState, string> = {
  "no-status": "bg-slate-300 dark:bg-slate-600",
  offline: "bg-rose-500",
  "not-measuring": "bg-amber-400",
  measuring: "bg-emerald-500",
};

export function StatusDot({ online, measuring }: { online: boolean | null; measuring: boolean | null }) {
  const state = instrumentState({ online, measuring });
  const label = instrumentStateLabel({ online, measuring }, "long");
  const tone = DOT[state];
  return (
    <span className="relative inline-flex size-2.5 shrink-0" title={label}>
      {state === "measuring" && (
        <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-40 motion-reduce:hidden" />
      )}
      <span className={cx("relative inline-flex size-2.5 rounded-full", tone)} />
      <span className="sr-only">{label}</span>
    </span>
  );
}

export function SignalBars({ rsrp }: { rsrp: number | null }) {
  const q = lteQuality(rsrp);
  return (
    <span
      className="inline-flex items-end gap-0.5"
      title={rsrp === null ? q.label : `${q.label} (${formatNumber(rsrp, 0, "dBm")})`}
      aria-label={q.label}
    >
      {[1, 2, 3, 4].map((b) => (
        <span
          key={b}
          className={cx(
            "w-1 rounded-sm",
            b <= q.bars
              ? q.bars <= 1
                ? "bg-rose-500"
                : q.bars === 2
                  ? "bg-amber-500"
                  : "bg-emerald-500"
              : "bg-slate-200 dark:bg-slate-700",
          )}
          style={{ height: 3 + b * 3 }}
        />
      ))}
    </span>
  );
}

/** A thin bar for disk use and the like. */
export function Meter({ value, warnAt = 80, label }: { value: number | null; warnAt?: number; label: string }) {
  if (value === null) return <span className="text-slate-400">—</span>;
  return (
    <span className="inline-flex items-center gap-2" title={`${label}: ${formatPercent(value, { digits: 0 })}`}>
      <span className="h-1.5 w-12 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
        <span
          className={cx("block h-full rounded-full", value >= warnAt ? "bg-amber-500" : "bg-brand-500")}
          style={{ width: `${Math.min(100, value)}%` }}
        />
      </span>
      <span className="tabular-nums">{formatPercent(value, { digits: 0, compact: true })}</span>
    </span>
  );
}
