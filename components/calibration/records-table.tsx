import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { downloadCsv, toCsv } from "@/lib/csv";
import { formatDate, formatNumber, signed } from "@/lib/format";
import type { CalRow, InstrumentNames } from "./use-calibration-history";

/** Rows shown before "Show all"; the CSV always has every record. */
const FIRST_ROWS = 30;

/** Every calibration record in the range, newest first, and a CSV of all of them. */
export function RecordsTable({
  records,
  names,
  done,
  showAll,
  onShowAll,
  csvName,
}: {
  records: CalRow[];
  names: InstrumentNames;
  done: boolean;
  showAll: boolean;
  onShowAll: () => void;
  csvName: string;
}) {
  const visible = showAll ? records : records.slice(0, FIRST_ROWS);
  const exportCsv = () =>
    downloadCsv(
      csvName,
      toCsv(
        ["instrument", "name", "time", "status", "level_dB", "offset_dB"],
        records.map((r) => [r.instrument, names.get(r.instrument) ?? "", r.time, r.status, r.level, r.offset]),
      ),
    );
  return (
    <Card>
      <CardHeader
        title="Calibration records"
        description={<span data-testid="records-count">{records.length} records</span>}
        actions={
          <Button size="sm" variant="secondary" disabled={!done || records.length === 0} onClick={exportCsv}>
            Download CSV
          </Button>
        }
      />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Calibration records">
          <TableHead columns={["Date", "Instrument", "Status", "Level", "Offset"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {visible.map((r) => (
              <tr key={`${r.instrument}-${r.time.getTime()}`} data-testid="record-row">
                <td className="px-4 py-1.5 tabular-nums">{formatDate(r.time)}</td>
                <td className="px-3 py-1.5">
                  {names.get(r.instrument) ?? r.instrument}{" "}
                  <span className="font-mono text-xs text-slate-500">{r.instrument}</span>
                </td>
                <td className="px-3 py-1.5">
                  <Badge tone={r.status === "Success" ? "green" : "red"}>{r.status}</Badge>
                </td>
                <td className="px-3 py-1.5 tabular-nums">{formatNumber(r.level, 2)} dB</td>
                <td className="px-4 py-1.5 tabular-nums">{signed(r.offset)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {records.length > visible.length && (
        <div className="border-t border-slate-200 px-5 py-3 text-sm dark:border-slate-800">
          <Button size="sm" variant="ghost" onClick={onShowAll}>
            Show all {records.length} records
          </Button>
          <span className="text-slate-500"> (the CSV always has all {records.length})</span>
        </div>
      )}
    </Card>
  );
}
