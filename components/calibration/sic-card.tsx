import { ChartSkeleton, LineChart, type ChartSeries } from "@/components/charts/line-chart";
import { Card, CardHeader } from "@/components/ui/card";
import type { SicRow } from "./use-calibration-history";

/** SIC band levels of the one chosen instrument; with every instrument chosen, a prompt to choose one. */
export function SicCard({ allInstruments, sic, done }: { allInstruments: boolean; sic: SicRow[]; done: boolean }) {
  const rows = allInstruments ? [] : sic;
  const series: ChartSeries[] = [
    { label: "500 Hz", color: "#6366f1", points: rows.map((r) => ({ t: r.time.getTime(), v: r.band500Hz })) },
    { label: "1 kHz", color: "#17847a", points: rows.map((r) => ({ t: r.time.getTime(), v: r.band1kHz })) },
    { label: "8 kHz", color: "#f59e0b", points: rows.map((r) => ({ t: r.time.getTime(), v: r.band8kHz })) },
  ];
  return (
    <Card>
      <CardHeader title="SIC band levels" description="500 Hz, 1 kHz and 8 kHz" />
      <div className="p-4">
        {allInstruments ? (
          <p className="py-10 text-center text-sm text-slate-500">Choose an instrument to see its SIC band levels.</p>
        ) : rows.length === 0 ? (
          done ? (
            <p className="py-10 text-center text-sm text-slate-500">No SIC results in this range.</p>
          ) : (
            <ChartSkeleton />
          )
        ) : (
          <LineChart label="SIC band levels over time" unit="dB" decimals={2} series={series} />
        )}
      </div>
    </Card>
  );
}
