/**
 * An instrument page's deployment card: where it stands now ("Deployed at
 * Harbour Road · NML1 since …" or "Not deployed"), for admins the buttons to
 * deploy, move or recall it, and its deployment history.
 */
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { formatInZone } from "@/lib/local-time";
import { signed } from "@/lib/format";
import { DeployButton, RecallButton, type DeployableInstrument, type SiteChoice } from "./deploy-dialog";
import { DeploymentHistory, type DeploymentRow } from "./deployment-tables";

export function InstrumentDeploymentCard({
  orgSlug,
  serial,
  name,
  history,
  timeZone,
  sites,
}: {
  orgSlug: string;
  serial: string;
  name: string;
  /** Newest first, as sites.instrumentDeployments returns it. */
  history: DeploymentRow[];
  /** The organisation's: the instrument's history spans sites. */
  timeZone: string;
  /** Sites it may be deployed to, for those who may deploy; null hides the buttons. */
  sites: SiteChoice[] | null;
}) {
  const current = history.find((d) => d.endAt === null) ?? null;
  const instrument: DeployableInstrument = {
    serial,
    name,
    current: current
      ? { siteId: current.siteId, siteName: current.site.name, positionName: current.positionName }
      : null,
  };
  const elsewhere = sites?.find((s) => s.id !== current?.siteId);
  return (
    <Card>
      <CardHeader
        title="Deployment"
        description={
          current ? (
            <span data-testid="instrument-deployment">
              Deployed at{" "}
              <Link
                href={`/${orgSlug}/sites/${encodeURIComponent(current.site.code)}`}
                className="font-medium text-brand-700 hover:underline dark:text-brand-300"
              >
                {current.site.name}
              </Link>{" "}
              · {current.positionName} since {formatInZone(current.startAt, timeZone)}
              {current.correctionDb !== 0 && ` · correction ${signed(current.correctionDb, 1)}`}
            </span>
          ) : (
            <span data-testid="instrument-deployment">
              Not deployed: judged by the organisation&apos;s default noise limits.
            </span>
          )
        }
        actions={
          sites ? (
            <div className="flex flex-wrap gap-1">
              {current ? (
                <>
                  <DeployButton
                    label="Move"
                    title={`Move ${name}`}
                    variant="secondary"
                    orgSlug={orgSlug}
                    instruments={[instrument]}
                    sites={sites}
                    defaultSerial={serial}
                    defaultSiteId={elsewhere?.id ?? current.siteId}
                    timeZone={timeZone}
                  />
                  <RecallButton orgSlug={orgSlug} instrument={instrument} timeZone={timeZone} />
                </>
              ) : (
                <DeployButton
                  label="Deploy"
                  title={`Deploy ${name}`}
                  orgSlug={orgSlug}
                  instruments={[instrument]}
                  sites={sites}
                  defaultSerial={serial}
                  timeZone={timeZone}
                />
              )}
            </div>
          ) : undefined
        }
      />
      {history.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500 dark:text-slate-400">It has never been deployed at a site.</p>
      ) : (
        <DeploymentHistory orgSlug={orgSlug} deployments={history} timeZone={timeZone} show="site" />
      )}
    </Card>
  );
}
