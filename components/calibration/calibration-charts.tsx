import { ChartSkeleton, LineChart, type ChartSeries } from "@/components/charts/line-chart";
import { Card, CardHeader } from "@/components/ui/card";
import type { InstrumentTrend } from "./use-calibration-history";

const PALETTE = [
  "#17847a",
  "#e11d48",
  "#f59e0b",
  "#6366f1",
  "#0ea5e9",
  "#84cc16",
  "#a855f7",
  "#64748b",
  "#ec4899",
  "#14b8a6",
  "#f97316",
  "#22c55e",
];
/** Lines per chart: beyond this many instruments only the most urgent are drawn. */
const MAX_LINES = 12;

/**
 * Offset (with ±threshold guides and trend lines) and level over time: a line
 * per instrument for the fleet, the records as points for one instrument.
 */
export function CalibrationCharts({
  trends,
  allInstruments,
  threshold,
  waiting,
}: {
  /** Most urgent first, as the drift table lists them. */
  trends: InstrumentTrend[];
  allInstruments: boolean;
  threshold: number;
  /** Nothing to draw yet, and more is on its way. */
  waiting: boolean;
}) {
  const charted = trends.slice(0, MAX_LINES);
  const offsetSeries: ChartSeries[] = charted.flatMap((t, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const label = allInstruments ? t.serial : "Offset";
    const s: ChartSeries[] = [
      {
        label,
        color,
        style: allInstruments ? "line" : "points",
        points: t.rows.map((r) => ({ t: r.time.getTime(), v: r.offset })),
      },
    ];
    if (t.trend.line && (!allInstruments || t.trend.flagged)) {
      s.push({
        label: `${label} trend`,
        color,
        style: "dashed",
        legend: false,
        points: [t.trend.line.from, t.trend.line.to],
      });
    }
    return s;
  });
  const levelSeries: ChartSeries[] = charted.map((t, i) => ({
    label: allInstruments ? t.serial : "Level",
    color: PALETTE[i % PALETTE.length]!,
    style: allInstruments ? "line" : "points",
    points: t.rows.map((r) => ({ t: r.time.getTime(), v: r.level })),
  }));

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card>
        <CardHeader
          title="Calibration offset"
          description={
            allInstruments && trends.length > MAX_LINES
              ? `The ${MAX_LINES} most urgent of ${trends.length} instruments`
              : "dB; dashed: trend"
          }
        />
        <div className="p-4">
          {waiting ? (
            <ChartSkeleton />
          ) : (
            <LineChart
              label="Calibration offset over time"
              unit="dB"
              decimals={2}
              series={offsetSeries}
              guides={[
                { value: threshold, color: "#e11d48", label: `+${threshold}` },
                { value: -threshold, color: "#e11d48", label: `−${threshold}` },
              ]}
            />
          )}
        </div>
      </Card>
      <Card>
        <CardHeader title="Calibration level" description="dB measured from the calibrator" />
        <div className="p-4">
          {waiting ? (
            <ChartSkeleton />
          ) : (
            <LineChart label="Calibration level over time" unit="dB" decimals={2} series={levelSeries} />
          )}
        </div>
      </Card>
    </div>
  );
}
