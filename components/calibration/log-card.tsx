import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import type { LogRow } from "./use-calibration-history";

/** The chosen instrument's calibration log, newest first; with every instrument chosen, a prompt to choose one. */
export function LogCard({ allInstruments, log, done }: { allInstruments: boolean; log: LogRow[]; done: boolean }) {
  return (
    <Card>
      <CardHeader title="Calibration log" description={allInstruments ? "Per instrument" : `${log.length} entries`} />
      {allInstruments ? (
        <p className="px-5 py-10 text-center text-sm text-slate-500">
          Choose an instrument to see its calibration log.
        </p>
      ) : (
        <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm dark:divide-slate-800">
          {[...log]
            .sort((a, b) => b.time.getTime() - a.time.getTime())
            .map((l) => (
              <li key={`${l.time.getTime()}-${l.message}`} className="px-5 py-2">
                <span className="tabular-nums text-slate-500">{formatDateTime(l.time)}</span> · {l.message}
                {l.user && <span className="text-slate-500"> ({l.user})</span>}
              </li>
            ))}
          {log.length === 0 && (
            <li className="px-5 py-6 text-center text-slate-500">{done ? "No entries in this range." : "Loading…"}</li>
          )}
        </ul>
      )}
    </Card>
  );
}
