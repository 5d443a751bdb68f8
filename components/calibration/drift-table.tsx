import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { TableHead } from "@/components/ui/table-head";
import { DEFAULT_DRIFT_HORIZON_DAYS } from "@/lib/drift";
import { signed, thresholdHorizon } from "@/lib/format";
import type { InstrumentNames, InstrumentTrend } from "./use-calibration-history";

/** Drift per instrument, most urgent first; choosing a name shows that instrument alone. */
export function DriftTable({
  trends,
  names,
  threshold,
  done,
  onSelect,
}: {
  trends: InstrumentTrend[];
  names: InstrumentNames;
  threshold: number;
  done: boolean;
  onSelect: (serial: string) => void;
}) {
  const flagged = trends.filter((t) => t.trend.flagged).length;
  return (
    <Card>
      <CardHeader
        title="Drift"
        description={`Least-squares trend of offset over the range; flagged when it reaches ±${threshold} dB within ${DEFAULT_DRIFT_HORIZON_DAYS} days or already has.`}
        actions={
          flagged > 0 ? (
            <Badge tone="red">{flagged} drifting</Badge>
          ) : done ? (
            <Badge tone="green">No drift flagged</Badge>
          ) : undefined
        }
      />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Drift per instrument">
          <TableHead columns={["Instrument", "Calibrations", "Latest offset", "Trend", "Trend now", "Outlook"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {trends.map(({ serial, rows, trend }) => (
              <tr
                key={serial}
                data-testid="drift-row"
                data-serial={serial}
                data-flagged={trend.flagged ? "true" : "false"}
                className={cx(trend.flagged && "bg-rose-50/60 dark:bg-rose-950/20")}
              >
                <td className="px-4 py-2">
                  <button
                    type="button"
                    className="text-left font-medium hover:text-brand-700 hover:underline dark:hover:text-brand-300"
                    onClick={() => onSelect(serial)}
                  >
                    {names.get(serial) ?? serial}
                  </button>
                  <div className="font-mono text-xs text-slate-500">{serial}</div>
                </td>
                <td className="px-3 py-2 tabular-nums">{rows.length}</td>
                <td className="px-3 py-2 tabular-nums">{rows.length ? signed(rows.at(-1)!.offset) : "—"}</td>
                <td className="px-3 py-2 tabular-nums">
                  {trend.samples > 1 ? `${signed(trend.slopePerDay * 90, 2)} / 90 d` : "—"}
                </td>
                <td className="px-3 py-2 tabular-nums">{trend.samples > 1 ? signed(trend.current) : "—"}</td>
                <td className="px-4 py-2">
                  {trend.samples < 2 ? (
                    <span className="text-slate-400">{done ? "Not enough data" : "…"}</span>
                  ) : trend.daysToThreshold === 0 ? (
                    <Badge tone="red">Past ±{threshold} dB</Badge>
                  ) : trend.flagged ? (
                    <Badge tone="red">
                      Reaches ±{threshold} dB {thresholdHorizon(trend.daysToThreshold!)}
                    </Badge>
                  ) : trend.daysToThreshold !== null ? (
                    <span className="text-slate-500">
                      ±{threshold} dB {thresholdHorizon(trend.daysToThreshold)}
                    </span>
                  ) : (
                    <Badge tone="green">Stable</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
