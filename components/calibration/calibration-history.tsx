"use client";
/**
 * Fleet calibration record: fetched one year per request (newest first) with
 * progress, then drift trends per instrument, charts of offset, level and SIC
 * bands, the calibration log and a CSV of the records shown. The data comes
 * from useCalibrationHistory; each card is its own component.
 */
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Notice } from "@/components/ui/notice";
import { CalibrationCharts } from "./calibration-charts";
import { DriftTable } from "./drift-table";
import { LogCard } from "./log-card";
import { RecordsTable } from "./records-table";
import { SicCard } from "./sic-card";
import { useCalibrationHistory, type CalibrationInstrument } from "./use-calibration-history";

const YEARS = [1, 2, 3, 5] as const;

export function CalibrationHistory({
  orgSlug,
  instruments,
}: {
  orgSlug: string;
  instruments: CalibrationInstrument[];
}) {
  const h = useCalibrationHistory(orgSlug, instruments);
  const { selected, years, progress, done } = h;
  const allInstruments = selected === "all";

  return (
    <div className="space-y-6">
      <Card className="p-4">
        <div className="flex flex-wrap items-end gap-4">
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700 dark:text-slate-300">Instrument</span>
            <select
              aria-label="Instrument"
              value={selected}
              onChange={(e) => h.setParam("instrument", e.target.value === "all" ? null : e.target.value)}
              className="rounded-lg border-0 bg-white py-2 pr-8 pl-3 text-sm shadow-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:ring-slate-700"
            >
              <option value="all">All noise instruments ({instruments.length})</option>
              {instruments.map((i) => (
                <option key={i.serial} value={i.serial}>
                  {i.name} ({i.serial})
                </option>
              ))}
            </select>
          </label>
          <div className="text-sm">
            <span className="mb-1 block font-medium text-slate-700 dark:text-slate-300">Range</span>
            <div
              className="inline-flex rounded-lg p-0.5 ring-1 ring-slate-200 ring-inset dark:ring-slate-700"
              role="group"
              aria-label="Years"
            >
              {YEARS.map((y) => (
                <button
                  key={y}
                  type="button"
                  aria-pressed={years === y}
                  onClick={() => h.setParam("years", y === 1 ? null : String(y))}
                  className={cx(
                    "rounded-md px-3 py-1.5 text-xs font-medium",
                    years === y
                      ? "bg-brand-600 text-white"
                      : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
                  )}
                >
                  {y} year{y > 1 ? "s" : ""}
                </button>
              ))}
            </div>
          </div>
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700 dark:text-slate-300">Drift threshold (± dB)</span>
            <input
              aria-label="Drift threshold"
              inputMode="decimal"
              value={h.thresholdText}
              onChange={(e) => h.changeThreshold(e.target.value)}
              className="w-24 rounded-lg border-0 bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:ring-slate-700"
            />
          </label>
          <div className="min-w-48 flex-1 text-sm" aria-live="polite">
            <div className="mb-1 flex justify-between text-xs text-slate-500 dark:text-slate-400">
              <span data-testid="history-progress" data-for={progress.for}>
                {done
                  ? `Loaded ${progress.total} of ${progress.total} year${progress.total > 1 ? "s" : ""}`
                  : `Loading… ${progress.loaded} of ${progress.total} year${progress.total > 1 ? "s" : ""}`}
              </span>
              <span>{h.cals.length} calibrations</span>
            </div>
            <div className="h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
              <div
                className="h-full rounded-full bg-brand-500 transition-all"
                style={{ width: `${progress.total ? (100 * progress.loaded) / progress.total : 0}%` }}
              />
            </div>
          </div>
        </div>
      </Card>

      {h.error && <Notice tone="error">{h.error}</Notice>}

      <DriftTable
        trends={h.trends}
        names={h.names}
        threshold={h.threshold}
        done={done}
        onSelect={(serial) => h.setParam("instrument", serial)}
      />

      <CalibrationCharts
        trends={h.trends}
        allInstruments={allInstruments}
        threshold={h.threshold}
        waiting={h.cals.length === 0 && !done}
      />

      <div className="grid gap-6 xl:grid-cols-2">
        <SicCard allInstruments={allInstruments} sic={h.sic} done={done} />
        <LogCard allInstruments={allInstruments} log={h.log} done={done} />
      </div>

      <RecordsTable
        records={h.records}
        names={h.names}
        done={done}
        showAll={h.showAll}
        onShowAll={() => h.setShowAll(true)}
        csvName={`calibrations-${selected}-${years}y.csv`}
      />
    </div>
  );
}
