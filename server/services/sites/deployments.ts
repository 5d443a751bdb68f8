/**
 * Deployments: which instrument stood at which site's measurement position, and
 * when. One instrument has at most one deployment at a time; the database
 * enforces it (exclusion constraint "Deployment_one_at_a_time"), and the checks
 * here exist to name the clash in words before the database refuses it.
 */
import { deploySchema, type DeployInput } from "@/lib/sites";
import { formatInZone } from "@/lib/local-time";
import type { Prisma } from "@/server/db/generated/client";
import { db, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { assertSiteVisible, type SiteAccess } from "./access";
import { rewindNoiseCursors } from "./cursors";

/** A little slack for clocks: "now" from the browser may be a moment ahead of the server. */
const FUTURE_SLACK_MS = 5 * 60_000;

const DEPLOYMENT_SELECT = {
  id: true,
  siteId: true,
  instrumentId: true,
  positionName: true,
  positionType: true,
  correctionDb: true,
  latitude: true,
  longitude: true,
  startAt: true,
  endAt: true,
  site: { select: { name: true, code: true, timezone: true } },
  instrument: { select: { serial: true, name: true, type: true } },
} satisfies Prisma.DeploymentSelect;

export type DeploymentView = Prisma.DeploymentGetPayload<{ select: typeof DEPLOYMENT_SELECT }>;

function describe(d: DeploymentView, timeZone: string): string {
  const until = d.endAt ? `until ${formatInZone(d.endAt, timeZone)}` : "and is still there";
  return `${d.instrument.serial} was at ${d.site.name} (${d.positionName}) from ${formatInZone(d.startAt, timeZone)} ${until}`;
}

/** The database's own refusal, for a race the checks above it could not see. */
function isOverlapViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : "";
  return text.includes("Deployment_one_at_a_time");
}

/**
 * Deploys an instrument at a site from `startAt` (default now). If it is deployed
 * elsewhere, that deployment ends at the same instant, in the same transaction:
 * a move. A start in the past that overlaps any other part of its history is
 * refused with the clashing deployment named.
 */
export async function deployInstrument(
  organizationId: string,
  actorId: string,
  input: DeployInput,
  now = new Date(),
): Promise<DeploymentView> {
  const d = deploySchema.parse(input);
  const startAt = d.startAt ?? now;
  if (startAt.getTime() > now.getTime() + FUTURE_SLACK_MS)
    throw new AppError("BAD_REQUEST", "A deployment starts now or in the past", { field: "startAt" });
  if (d.endAt && d.endAt.getTime() > now.getTime() + FUTURE_SLACK_MS)
    throw new AppError("BAD_REQUEST", "A deployment's end cannot be in the future; leave it open instead", {
      field: "endAt",
    });
  try {
    return await db().$transaction(async (tx) => {
      const org = await tx.organization.findUniqueOrThrow({
        where: { id: organizationId },
        select: { timezone: true },
      });
      const site = await tx.site.findFirst({
        where: { id: d.siteId, organizationId },
        select: { id: true, name: true, archivedAt: true },
      });
      if (!site) throw new AppError("NOT_FOUND", "Site not found");
      if (site.archivedAt)
        throw new AppError("BAD_REQUEST", `${site.name} is archived; restore it to deploy monitors there`, {
          field: "siteId",
        });
      const instrument = await tx.instrument.findFirst({
        where: { organizationId, serial: d.serial, removedAt: null },
        select: { id: true, serial: true },
      });
      if (!instrument) throw new AppError("NOT_FOUND", "Instrument not found");
      // Serialise changes to one instrument's deployments.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`deployment:${instrument.id}`}))`;

      const endAt = d.endAt ?? null;
      const overlapping = await tx.deployment.findMany({
        where: {
          organizationId,
          instrumentId: instrument.id,
          OR: [{ endAt: null }, { endAt: { gt: startAt } }],
          ...(endAt ? { startAt: { lt: endAt } } : {}),
        },
        select: DEPLOYMENT_SELECT,
        orderBy: { startAt: "asc" },
      });
      // The one overlap a move may resolve: the open deployment that began before this one.
      const current = overlapping.find((o) => o.endAt === null && o.startAt < startAt && !endAt);
      const clash = overlapping.find((o) => o !== current);
      if (clash)
        throw new AppError(
          "CONFLICT",
          `${describe(clash, org.timezone)}; a deployment from ${formatInZone(startAt, org.timezone)} would overlap it`,
          { field: "startAt" },
        );
      if (current) await tx.deployment.update({ where: { id: current.id, organizationId }, data: { endAt: startAt } });
      const created = await tx.deployment.create({
        data: {
          organizationId,
          siteId: site.id,
          instrumentId: instrument.id,
          positionName: d.positionName,
          positionType: d.positionType,
          correctionDb: d.correctionDb,
          latitude: d.latitude,
          longitude: d.longitude,
          startAt,
          endAt,
          createdById: actorId,
        },
        select: DEPLOYMENT_SELECT,
      });
      await rewindNoiseCursors(tx, organizationId, [instrument.id], startAt, now);
      await recordAudit(tx, {
        organizationId,
        actorId,
        action: current ? "deployment.moved" : "deployment.started",
        targetType: "instrument",
        targetId: instrument.serial,
        data: {
          to: { site: site.name, position: d.positionName, correctionDb: d.correctionDb },
          ...(current && { from: { site: current.site.name, position: current.positionName } }),
          startAt: startAt.toISOString(),
          ...(endAt && { endAt: endAt.toISOString() }),
        },
      });
      return created;
    });
  } catch (error) {
    if (isOverlapViolation(error))
      throw new AppError("CONFLICT", "That instrument's deployments changed meanwhile; reload and try again", {
        field: "startAt",
      });
    throw error;
  }
}

/** Ends an instrument's open deployment at `endAt` (default now): it comes back from site. */
export async function recallInstrument(
  organizationId: string,
  actorId: string,
  serial: string,
  endAt?: Date,
  now = new Date(),
): Promise<DeploymentView> {
  const at = endAt ?? now;
  if (at.getTime() > now.getTime() + FUTURE_SLACK_MS)
    throw new AppError("BAD_REQUEST", "A deployment ends now or in the past", { field: "endAt" });
  return db().$transaction(async (tx) => {
    const open = await tx.deployment.findFirst({
      where: { organizationId, instrument: { serial }, endAt: null },
      select: DEPLOYMENT_SELECT,
    });
    if (!open) throw new AppError("NOT_FOUND", `${serial} is not deployed`);
    if (at <= open.startAt)
      throw new AppError("BAD_REQUEST", "The end must be after the deployment's start", { field: "endAt" });
    const ended = await tx.deployment.update({
      where: { id: open.id, organizationId },
      data: { endAt: at },
      select: DEPLOYMENT_SELECT,
    });
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "deployment.ended",
      targetType: "instrument",
      targetId: serial,
      data: { site: open.site.name, position: open.positionName, endAt: at.toISOString() },
    });
    return ended;
  });
}

/** Where an instrument stood at `at` ("where was QT800004 on 3 March?"), or null. */
export async function deploymentAt(
  organizationId: string,
  instrumentId: string,
  at: Date,
  tx: Tx = db(),
): Promise<DeploymentView | null> {
  return tx.deployment.findFirst({
    where: { organizationId, instrumentId, startAt: { lte: at }, OR: [{ endAt: null }, { endAt: { gt: at } }] },
    select: DEPLOYMENT_SELECT,
  });
}

/** Deployments of the instruments overlapping [from, to), oldest first: for evaluating a time range. */
export async function deploymentsBetween(
  organizationId: string,
  instrumentIds: readonly string[],
  from: Date,
  to: Date,
  tx: Tx = db(),
): Promise<DeploymentView[]> {
  return tx.deployment.findMany({
    where: {
      organizationId,
      instrumentId: { in: [...instrumentIds] },
      startAt: { lt: to },
      OR: [{ endAt: null }, { endAt: { gt: from } }],
    },
    select: DEPLOYMENT_SELECT,
    orderBy: { startAt: "asc" },
  });
}

/** Open deployments by instrument id, for the board. */
export async function currentDeployments(organizationId: string, tx: Tx = db()): Promise<Map<string, DeploymentView>> {
  const rows = await tx.deployment.findMany({ where: { organizationId, endAt: null }, select: DEPLOYMENT_SELECT });
  return new Map(rows.map((r) => [r.instrumentId, r]));
}

/** One instrument's history, newest first, for its page. A limited caller sees only their sites' part of it. */
export async function instrumentDeployments(access: SiteAccess, serial: string): Promise<DeploymentView[]> {
  return db().deployment.findMany({
    where: {
      organizationId: access.organizationId,
      instrument: { serial },
      ...(access.siteIds !== null && { siteId: { in: [...access.siteIds] } }),
    },
    select: DEPLOYMENT_SELECT,
    orderBy: { startAt: "desc" },
    take: 100,
  });
}

/** A site's deployments, open ones first then the most recent. */
export async function siteDeployments(access: SiteAccess, siteId: string): Promise<DeploymentView[]> {
  await assertSiteVisible(access, siteId);
  const rows = await db().deployment.findMany({
    where: { organizationId: access.organizationId, siteId },
    select: DEPLOYMENT_SELECT,
    orderBy: { startAt: "desc" },
    take: 500,
  });
  return [...rows.filter((r) => r.endAt === null), ...rows.filter((r) => r.endAt !== null)];
}
