import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Meter, StatusDot } from "@/components/fleet/status-bits";
import { EventsPanel } from "@/components/instrument/events-panel";
import { HealthPanel, WeatherPanel } from "@/components/instrument/health-panel";
import { InstrumentActions } from "@/components/instrument/instrument-actions";
import { NoisePanel } from "@/components/instrument/noise-panel";
import { InstrumentDeploymentCard } from "@/components/sites/instrument-deployment";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Notice } from "@/components/ui/notice";
import {
  instrumentState,
  instrumentStateLabel,
  isLowVoltage,
  isSicFailed,
  lteQuality,
  needsCalibration,
  type InstrumentState,
} from "@/lib/fleet";
import { ago, formatDateTime, formatNumber, signed } from "@/lib/format";
import { can } from "@/lib/permissions";
import { loadOrgPage } from "@/server/api/org-page";

const STATE_TONE: Record<InstrumentState, BadgeTone> = {
  "no-status": "neutral",
  offline: "red",
  "not-measuring": "amber",
  measuring: "green",
};

export async function generateMetadata({ params }: { params: Promise<{ serial: string }> }): Promise<Metadata> {
  return { title: (await params).serial };
}

export default async function InstrumentPage({ params }: { params: Promise<{ org: string; serial: string }> }) {
  const { org: slug, serial } = await params;
  const { org, caller } = await loadOrgPage(slug);
  let detail;
  try {
    detail = await caller.fleet.instrument({ orgSlug: slug, serial });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
  const { instrument: i, alerts, sync } = detail;
  const mayDeploy = can(org.role, "sites:deploy");
  const [deployments, siteChoices] = await Promise.all([
    caller.sites.instrumentDeployments({ orgSlug: slug, serial: i.serial }),
    mayDeploy ? caller.sites.choices({ orgSlug: slug }) : null,
  ]);
  const now = new Date();
  const isNoise = i.type === "Noise";

  return (
    <>
      <nav className="mb-3 text-sm text-slate-500 dark:text-slate-400" aria-label="Breadcrumb">
        <Link href={`/${slug}/fleet`} className="hover:text-brand-700 hover:underline dark:hover:text-brand-300">
          Fleet
        </Link>
        <span className="mx-1.5">/</span>
        <span className="font-mono">{i.serial}</span>
      </nav>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
            <StatusDot online={i.online} measuring={i.measuring} />
            <span className="truncate">{i.name}</span>
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
            <span className="font-mono">{i.serial}</span>·<span>{i.model ?? i.type}</span>
            {!isNoise && <Badge>{i.type}</Badge>}
            <Badge tone={STATE_TONE[instrumentState(i)]}>{instrumentStateLabel(i, "long")}</Badge>
            {i.subscriptionStatus && i.subscriptionStatus !== "Active" && (
              <Badge tone="amber">Subscription {i.subscriptionStatus}</Badge>
            )}
            <span className="text-xs">status {ago(i.statusAt, now)}</span>
          </p>
        </div>
        <InstrumentActions
          orgSlug={slug}
          serial={i.serial}
          name={i.name}
          isNoise={isNoise}
          hasSic={i.features.includes("SIC")}
          canAct={can(org.role, "instruments:action")}
          canRename={can(org.role, "instruments:rename")}
          running={{ calibration: Boolean(i.calibrationInProgress), sic: Boolean(i.sicInProgress) }}
        />
      </div>

      {sync.lastSyncError && (
        <Notice tone="warning" className="mb-4">
          Last status poll failed: {sync.lastSyncError}
        </Notice>
      )}
      {alerts.length > 0 && (
        <Notice tone="error" className="mb-4">
          <span className="font-medium">
            {alerts.length} open alert{alerts.length > 1 ? "s" : ""}:
          </span>{" "}
          {alerts.map((a) => a.title).join(" · ")}
        </Notice>
      )}

      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        {isNoise && (
          <Figure
            label="Last calibration"
            value={i.calibrationInProgress ? "Running…" : signed(i.lastCalibrationOffset)}
            sub={
              i.lastCalibrationAt
                ? `${i.lastCalibrationStatus ?? ""} · ${formatNumber(i.lastCalibrationLevel, 2, "dB")} · ${ago(i.lastCalibrationAt, now)}`
                : "never"
            }
            warn={needsCalibration(i, now)}
            testId="figure-calibration"
          />
        )}
        {isNoise && (
          <Figure
            label="Last SIC"
            value={i.sicInProgress ? "Running…" : (i.lastSicStatus ?? "—")}
            sub={i.lastSicAt ? ago(i.lastSicAt, now) : "never"}
            bad={isSicFailed(i)}
            testId="figure-sic"
          />
        )}
        <Figure
          label="Input voltage"
          value={formatNumber(i.voltage, 2, "V")}
          sub={`health ${ago(i.healthAt, now)}`}
          warn={isLowVoltage(i)}
          testId="figure-voltage"
        />
        <Figure
          label="Disk"
          value={<Meter value={i.diskPercent} label="Disk" />}
          sub={i.temperature !== null ? `${formatNumber(i.temperature, 1, "°C")} inside` : ""}
          testId="figure-disk"
        />
        <Figure
          label="LTE"
          value={formatNumber(i.lteRsrp, 0, "dBm")}
          sub={i.lteRsrp !== null ? `${lteQuality(i.lteRsrp).label} · ${ago(i.lteAt, now)}` : "no modem data"}
          warn={lteQuality(i.lteRsrp).bars === 1}
          testId="figure-lte"
        />
        <Figure
          label="Last data"
          value={ago(i.lastDataAt, now)}
          sub={i.lastDataAt ? formatDateTime(i.lastDataAt) : ""}
          testId="figure-data"
        />
      </div>

      <div className="mt-6 space-y-6">
        <InstrumentDeploymentCard
          orgSlug={slug}
          serial={i.serial}
          name={i.name}
          history={deployments}
          timeZone={org.timezone}
          sites={siteChoices}
        />
        {isNoise ? (
          <>
            <NoisePanel orgSlug={slug} serial={i.serial} />
            <div className={i.features.includes("Weather") ? "grid gap-6 xl:grid-cols-2" : "grid gap-6"}>
              <EventsPanel orgSlug={slug} serial={i.serial} />
              {i.features.includes("Weather") && <WeatherPanel orgSlug={slug} serial={i.serial} />}
            </div>
            <HealthPanel orgSlug={slug} serial={i.serial} />
            <p className="text-sm">
              <Link
                className="font-medium text-brand-700 hover:underline dark:text-brand-300"
                href={`/${slug}/calibration?instrument=${i.serial}`}
              >
                Calibration and SIC history for this instrument →
              </Link>
            </p>
          </>
        ) : (
          <Card className="p-6 text-sm text-slate-600 dark:text-slate-300">
            This is a {i.type === "AirQuality" ? "air quality" : i.type.toLowerCase()} monitor: its status and position
            are shown here; noise charts, calibration and system health apply to noise monitors only.
          </Card>
        )}
      </div>
    </>
  );
}

function Figure({
  label,
  value,
  sub,
  warn,
  bad,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  sub?: string;
  warn?: boolean;
  bad?: boolean;
  testId: string;
}) {
  return (
    <div
      className={cx(
        "rounded-xl bg-white p-4 shadow-sm ring-1 dark:bg-slate-900",
        bad
          ? "ring-rose-300 dark:ring-rose-900"
          : warn
            ? "ring-amber-300 dark:ring-amber-800"
            : "ring-slate-200 dark:ring-slate-800",
      )}
    >
      <p className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <div
        className={cx(
          "mt-1 text-lg font-semibold tabular-nums",
          bad ? "text-rose-700 dark:text-rose-300" : warn && "text-amber-700 dark:text-amber-300",
        )}
        data-testid={testId}
      >
        {value}
      </div>
      {sub && <p className="mt-0.5 truncate text-xs text-slate-500 dark:text-slate-400">{sub}</p>}
    </div>
  );
}
