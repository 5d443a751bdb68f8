import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { CalibrationHistory } from "@/components/calibration/calibration-history";
import { Card, PageHeader } from "@/components/ui/card";
import { loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Calibration" };

export default async function CalibrationPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { caller } = await loadOrgPage(slug);
  const [index, connection] = await Promise.all([
    caller.fleet.index({ orgSlug: slug }),
    caller.mycirrus.connection({ orgSlug: slug }),
  ]);
  const instruments = index
    .filter((i) => i.type === "Noise")
    .map((i) => ({ serial: i.serial, name: i.name, hasSic: i.features.includes("SIC") }));
  return (
    <>
      <PageHeader
        title="Calibration"
        description="Calibration and SIC record of the fleet, with drift trends that warn before an instrument leaves tolerance."
      />
      {!connection.configured ? (
        <Card className="px-6 py-12 text-center text-sm">
          <p className="text-slate-600 dark:text-slate-300">The calibration record comes from MyCirrus.</p>
          <Link
            href={`/${slug}/settings`}
            className="mt-4 inline-flex rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            Add your MyCirrus key in Settings
          </Link>
        </Card>
      ) : instruments.length === 0 ? (
        <Card className="px-6 py-12 text-center text-sm text-slate-600 dark:text-slate-300">
          No noise monitors yet: the first status poll brings them in within a minute.
        </Card>
      ) : (
        <Suspense>
          <CalibrationHistory orgSlug={slug} instruments={instruments} />
        </Suspense>
      )}
    </>
  );
}
