/**
 * The demo organisation's sites: a construction job under BS 5228-1 Category B,
 * a quarry with day and night limits, and a town-centre site, with monitors
 * deployed (one moved between jobs, so history shows), one monitor left in the
 * store, and a site manager who sees only the construction site.
 */
import { presetRows } from "@/lib/limit-presets";
import type { ScheduleRow } from "@/lib/limit-schedule";
import type { DeployInput, SiteFields } from "@/lib/sites";
import { db } from "@/server/db/client";
import { signUp } from "@/server/services/accounts";
import { createSite, deployInstrument, saveScheduleVersion } from "@/server/services/sites";

const DAY_MS = 86_400_000;

export const DEMO_SITE_MEMBER = {
  name: "Sam Sitemanager",
  email: "site-manager@example.com",
  password: "demo-password-1",
} as const;

const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

/** Minerals planning guidance style: 55 dB LAeq,1h free field by day, 42 dB at night. */
const QUARRY_ROWS: ScheduleRow[] = [
  {
    label: "Day",
    days: ALL_DAYS,
    from: "07:00",
    to: "22:00",
    metric: "LAeq",
    averagingMinutes: 60,
    triggerDb: 52,
    limitDb: 55,
  },
  {
    label: "Night",
    days: ALL_DAYS,
    from: "22:00",
    to: "07:00",
    metric: "LAeq",
    averagingMinutes: 60,
    triggerDb: 40,
    limitDb: 42,
  },
];

interface DemoSite {
  fields: SiteFields;
  rows: ScheduleRow[];
  note: string;
  monitors: Omit<DeployInput, "siteId">[];
}

function demoSites(now: Date): DemoSite[] {
  const since = new Date(now.getTime() - 14 * DAY_MS);
  return [
    {
      fields: {
        name: "Harbour Road Regeneration",
        code: "HRB",
        clientName: "Bridlington Harbour Commissioners",
        address: "Harbour Road, Bridlington YO15 2NR",
        latitude: 54.0822,
        longitude: -0.1905,
        startDate: new Date(now.getTime() - 60 * DAY_MS).toISOString().slice(0, 10),
        notes: "Section 61 consent: BS 5228-1 ABC method, Category B at the nearest dwellings.",
      },
      rows: presetRows("bs5228-b"),
      note: "Section 61 consent, Category B",
      monitors: [
        {
          serial: "QT800001",
          positionName: "NML1 – façade of 12 Harbour Road",
          positionType: "facade" as const,
          correctionDb: -3,
        },
        { serial: "QT800002", positionName: "NML2 – Promenade North railings", positionType: "free_field" as const },
        {
          serial: "QT800006",
          positionName: "NML3 – Flamborough Road flats",
          positionType: "facade" as const,
          correctionDb: -3,
        },
        { serial: "VB800011", positionName: "VML1 – harbour wall", positionType: "free_field" as const },
      ].map((m) => ({ ...m, startAt: since })),
    },
    {
      fields: {
        name: "Sewerby Quarry",
        code: "SWQ",
        clientName: "East Riding Aggregates",
        address: "Sewerby Fields, Bridlington YO15 1EA",
        latitude: 54.1012,
        longitude: -0.1582,
        notes: "Planning condition 14: day and night limits at the nearest farmhouses.",
      },
      rows: QUARRY_ROWS,
      note: "Planning condition 14",
      monitors: [
        { serial: "QT800005", positionName: "MP1 – Sewerby Fields farm", positionType: "free_field" as const },
        { serial: "QT800004", positionName: "MP2 – Quay Road depot gate", positionType: "free_field" as const },
        { serial: "QT800012", positionName: "MP3 – Bessingby Industrial estate", positionType: "free_field" as const },
      ].map((m) => ({ ...m, startAt: since })),
    },
    {
      fields: {
        name: "Town Centre Monitoring",
        code: "BTC",
        clientName: "East Riding of Yorkshire Council",
        address: "King Street, Bridlington YO15 2DF",
        latitude: 54.0838,
        longitude: -0.1946,
        notes: "Night-time economy and air quality monitoring for the council.",
      },
      rows: presetRows("day-evening-night"),
      note: "Council's starting limits",
      monitors: [
        { serial: "QT800003", positionName: "TC1 – Spa forecourt", positionType: "free_field" as const },
        {
          serial: "QT800007",
          positionName: "TC2 – Old Town, High Street",
          positionType: "facade" as const,
          correctionDb: -3,
        },
        { serial: "AQ800010", positionName: "AQ1 – King Street", positionType: "free_field" as const },
      ].map((m) => ({ ...m, startAt: since })),
    },
  ];
}

/**
 * Creates the demo sites once (after the first fleet sync, so the instruments
 * exist). Marina (QT800008) stays in the store, not deployed.
 */
export async function seedDemoSites(organizationId: string, ownerId: string, now = new Date()): Promise<void> {
  if ((await db().site.count({ where: { organizationId } })) > 0) return;
  const known = new Set(
    (await db().instrument.findMany({ where: { organizationId }, select: { serial: true } })).map((i) => i.serial),
  );
  const sites = demoSites(now);
  const created: string[] = [];
  for (const s of sites) {
    const site = await createSite(organizationId, ownerId, s.fields);
    created.push(site.id);
    await saveScheduleVersion(organizationId, ownerId, {
      siteId: site.id,
      effectiveFrom: new Date(now.getTime() - 60 * DAY_MS),
      rows: s.rows,
      note: s.note,
    });
  }
  // Spa Bridlington worked the harbour job first, then moved to the town centre: a history to look at.
  if (known.has("QT800003"))
    await deployInstrument(
      organizationId,
      ownerId,
      {
        siteId: created[0]!,
        serial: "QT800003",
        positionName: "NML4 – Spa Bridlington (temporary)",
        positionType: "free_field",
        startAt: new Date(now.getTime() - 30 * DAY_MS),
        endAt: new Date(now.getTime() - 14 * DAY_MS),
      },
      now,
    );
  for (const [i, s] of sites.entries()) {
    for (const m of s.monitors) {
      if (known.has(m.serial)) await deployInstrument(organizationId, ownerId, { ...m, siteId: created[i]! }, now);
    }
  }
  const manager =
    (await db().user.findUnique({ where: { email: DEMO_SITE_MEMBER.email } })) ?? (await signUp(DEMO_SITE_MEMBER));
  if (await db().membership.findFirst({ where: { organizationId, userId: manager.id } })) return;
  await db().membership.create({
    data: {
      organizationId,
      userId: manager.id,
      role: "member",
      siteLimited: true,
      sites: { create: [{ siteId: created[0]!, organizationId }] },
    },
  });
}
