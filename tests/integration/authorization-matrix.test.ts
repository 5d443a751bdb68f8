/**
 * Every tRPC procedure × every kind of caller, with the expected outcome.
 * The last test fails when a procedure exists that this matrix does not list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db/client";
import { configureEnv } from "@/server/env";
import { stopQueue } from "@/server/jobs/queue";
import { createInvitation } from "@/server/services/organizations";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import {
  callerFor,
  createCredential,
  createOrg,
  createUser,
  outcome,
  TEST_PASSWORD,
  unique,
  type Caller,
} from "../support/factories";

/** siteMember and siteViewer: a member and a viewer limited to the fixture's site A (where SERIAL is deployed). */
const WHO = ["owner", "admin", "member", "viewer", "siteMember", "siteViewer", "outsider", "anonymous"] as const;
type Who = (typeof WHO)[number];

interface Fixture {
  slug: string;
  targetMembershipId: string;
  pendingInvitationId: string;
  previewToken: string;
  /** An invitation addressed to the caller, in an organisation they are not in. */
  ownInvitationToken: string | null;
  /** The site the site-limited callers see (SERIAL is deployed there), and one they do not (OTHER_SERIAL). */
  siteA: { id: string; code: string };
  siteB: { id: string; code: string };
}

type Cell = (api: Caller, f: Fixture) => Promise<unknown>;
/** Site-limited callers answer as their role does unless a cell says otherwise. */
const E = (
  owner: string,
  admin: string,
  member: string,
  viewer: string,
  outsider: string,
  anonymous: string,
  siteMember = member,
  siteViewer = viewer,
) => ({ owner, admin, member, viewer, siteMember, siteViewer, outsider, anonymous }) satisfies Record<Who, string>;
const ALL_OK = E("ok", "ok", "ok", "ok", "ok", "ok");
const SIGNED_IN = E("ok", "ok", "ok", "ok", "ok", "UNAUTHORIZED");
const ANY_MEMBER = E("ok", "ok", "ok", "ok", "NOT_FOUND", "UNAUTHORIZED");
const ADMINS = E("ok", "ok", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED");
const EDITORS = E("ok", "ok", "ok", "FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED");
const NO_ALERT_EDITORS = E("NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED");
const SERIAL = "QT800001";
const OTHER_SERIAL = "QT800002";
/** Another site's row: everyone in the organisation sees it except the site-limited. */
const NOT_THEIR_SITE = E("ok", "ok", "ok", "ok", "NOT_FOUND", "UNAUTHORIZED", "NOT_FOUND", "NOT_FOUND");
const lastDays = (days: number) => ({ start: new Date(Date.now() - days * 86_400_000), end: new Date() });

const MATRIX: Record<string, { run: Cell; expect: Record<Who, string> }> = {
  "account.signUp": {
    run: (api) =>
      api.account.signUp({
        name: "New Person",
        email: `${unique("new")}@example.test`,
        password: "a-long-enough-password",
      }),
    expect: ALL_OK,
  },
  "account.me": { run: (api) => api.account.me(), expect: SIGNED_IN },
  "account.updateProfile": { run: (api) => api.account.updateProfile({ name: "Renamed" }), expect: SIGNED_IN },
  "account.changePassword": {
    run: (api) => api.account.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "another-long-password" }),
    expect: SIGNED_IN,
  },
  "account.securityActivity": { run: (api) => api.account.securityActivity(), expect: SIGNED_IN },
  "organization.list": { run: (api) => api.organization.list(), expect: SIGNED_IN },
  "organization.suggestSlug": { run: (api) => api.organization.suggestSlug({ name: "Acme" }), expect: SIGNED_IN },
  "organization.create": {
    run: (api) => api.organization.create({ name: "Created Org", slug: unique("created") }),
    expect: SIGNED_IN,
  },
  "organization.get": { run: (api, f) => api.organization.get({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "organization.update": {
    run: (api, f) => api.organization.update({ orgSlug: f.slug, name: "Renamed Org" }),
    expect: ADMINS,
  },
  "members.list": { run: (api, f) => api.members.list({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "members.updateRole": {
    run: (api, f) => api.members.updateRole({ orgSlug: f.slug, membershipId: f.targetMembershipId, role: "viewer" }),
    expect: ADMINS,
  },
  "members.remove": {
    run: (api, f) => api.members.remove({ orgSlug: f.slug, membershipId: f.targetMembershipId }),
    expect: ADMINS,
  },
  // The only owner cannot leave: the organisation must keep an owner.
  "members.leave": {
    run: (api, f) => api.members.leave({ orgSlug: f.slug }),
    expect: E("PRECONDITION_FAILED", "ok", "ok", "ok", "NOT_FOUND", "UNAUTHORIZED"),
  },
  "invitations.list": { run: (api, f) => api.invitations.list({ orgSlug: f.slug }), expect: ADMINS },
  "invitations.create": {
    run: (api, f) =>
      api.invitations.create({ orgSlug: f.slug, email: `${unique("invitee")}@example.test`, role: "member" }),
    expect: ADMINS,
  },
  "invitations.revoke": {
    run: (api, f) => api.invitations.revoke({ orgSlug: f.slug, invitationId: f.pendingInvitationId }),
    expect: ADMINS,
  },
  "invitations.preview": { run: (api, f) => api.invitations.preview({ token: f.previewToken }), expect: ALL_OK },
  "invitations.accept": {
    run: (api, f) => api.invitations.accept({ token: f.ownInvitationToken ?? "x".repeat(43) }),
    expect: SIGNED_IN,
  },
  "audit.list": { run: (api, f) => api.audit.list({ orgSlug: f.slug }), expect: ADMINS },
  "mycirrus.connection": { run: (api, f) => api.mycirrus.connection({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "mycirrus.saveKey": {
    run: (api, f) => api.mycirrus.saveKey({ orgSlug: f.slug, apiKey: DEMO_API_KEY, baseUrl: simulator.apiUrl }),
    expect: ADMINS,
  },
  "mycirrus.recheck": { run: (api, f) => api.mycirrus.recheck({ orgSlug: f.slug }), expect: ADMINS },
  "mycirrus.setBaseUrl": {
    run: (api, f) => api.mycirrus.setBaseUrl({ orgSlug: f.slug, baseUrl: simulator.apiUrl }),
    expect: ADMINS,
  },
  "mycirrus.removeKey": { run: (api, f) => api.mycirrus.removeKey({ orgSlug: f.slug }), expect: ADMINS },
  "alerts.list": { run: (api, f) => api.alerts.list({ orgSlug: f.slug, states: ["open"] }), expect: ANY_MEMBER },
  "alerts.counts": { run: (api, f) => api.alerts.counts({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "alerts.rules": { run: (api, f) => api.alerts.rules({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "alerts.choices": { run: (api, f) => api.alerts.choices({ orgSlug: f.slug }), expect: ANY_MEMBER },
  // No alert exists in the fixture: who may act gets past authorisation to NOT_FOUND; a viewer is refused first.
  "alerts.get": {
    run: (api, f) => api.alerts.get({ orgSlug: f.slug, alertId: "no-such-alert" }),
    expect: E("NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "UNAUTHORIZED"),
  },
  "alerts.acknowledge": {
    run: (api, f) => api.alerts.acknowledge({ orgSlug: f.slug, alertIds: ["no-such-alert"] }),
    expect: NO_ALERT_EDITORS,
  },
  "alerts.resolve": {
    run: (api, f) => api.alerts.resolve({ orgSlug: f.slug, alertId: "no-such-alert" }),
    expect: NO_ALERT_EDITORS,
  },
  "alerts.reopen": {
    run: (api, f) => api.alerts.reopen({ orgSlug: f.slug, alertId: "no-such-alert" }),
    expect: NO_ALERT_EDITORS,
  },
  "alerts.comment": {
    run: (api, f) => api.alerts.comment({ orgSlug: f.slug, alertId: "no-such-alert", text: "Looking" }),
    expect: NO_ALERT_EDITORS,
  },
  "alerts.assign": {
    run: (api, f) => api.alerts.assign({ orgSlug: f.slug, alertId: "no-such-alert", assigneeId: null }),
    expect: NO_ALERT_EDITORS,
  },
  "alerts.updateRule": {
    run: (api, f) => api.alerts.updateRule({ orgSlug: f.slug, ruleId: "no-such-rule", enabled: false }),
    expect: E("NOT_FOUND", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED"),
  },
  "webhooks.health": { run: (api, f) => api.webhooks.health({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "webhooks.repair": { run: (api, f) => api.webhooks.repair({ orgSlug: f.slug }), expect: ADMINS },
  "instruments.list": { run: (api, f) => api.instruments.list({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "instruments.get": { run: (api, f) => api.instruments.get({ orgSlug: f.slug, serial: SERIAL }), expect: ANY_MEMBER },
  "instruments.status": {
    run: (api, f) => api.instruments.status({ orgSlug: f.slug, serial: SERIAL }),
    expect: ANY_MEMBER,
  },
  "instruments.rename": {
    run: (api, f) => api.instruments.rename({ orgSlug: f.slug, serial: SERIAL, name: "Harbour wall" }),
    expect: EDITORS,
  },
  "instruments.startAction": {
    run: (api, f) => api.instruments.startAction({ orgSlug: f.slug, serial: SERIAL, action: "Identify" }),
    expect: ADMINS,
  },
  "instruments.noise": {
    run: (api, f) => api.instruments.noise({ orgSlug: f.slug, serial: SERIAL, range: lastDays(1) }),
    expect: ANY_MEMBER,
  },
  "instruments.calibrations": {
    run: (api, f) => api.instruments.calibrations({ orgSlug: f.slug, serials: [SERIAL], range: lastDays(60) }),
    expect: ANY_MEMBER,
  },
  "instruments.sic": {
    run: (api, f) => api.instruments.sic({ orgSlug: f.slug, serials: [SERIAL], range: lastDays(7) }),
    expect: ANY_MEMBER,
  },
  "instruments.calibrationLog": {
    run: (api, f) => api.instruments.calibrationLog({ orgSlug: f.slug, serial: SERIAL, range: lastDays(60) }),
    expect: ANY_MEMBER,
  },
  "instruments.monitorStats": {
    run: (api, f) => api.instruments.monitorStats({ orgSlug: f.slug, serial: SERIAL, range: lastDays(1) }),
    expect: ANY_MEMBER,
  },
  "instruments.monitorEvents": {
    run: (api, f) => api.instruments.monitorEvents({ orgSlug: f.slug, serial: SERIAL, range: lastDays(7) }),
    expect: ANY_MEMBER,
  },
  "instruments.monitorCurrent": {
    run: (api, f) => api.instruments.monitorCurrent({ orgSlug: f.slug, serials: [SERIAL] }),
    expect: ANY_MEMBER,
  },
  "instruments.events": {
    run: (api, f) => api.instruments.events({ orgSlug: f.slug, serial: SERIAL, range: lastDays(7) }),
    expect: ANY_MEMBER,
  },
  "instruments.weather": {
    run: (api, f) => api.instruments.weather({ orgSlug: f.slug, serial: SERIAL, range: lastDays(1) }),
    expect: ANY_MEMBER,
  },
  "instruments.noiseChart": {
    run: (api, f) => api.instruments.noiseChart({ orgSlug: f.slug, serial: SERIAL, range: lastDays(1) }),
    expect: ANY_MEMBER,
  },
  "fleet.board": {
    run: (api, f) => api.fleet.board({ orgSlug: f.slug, filter: "all", search: "", sort: "status", dir: "asc" }),
    expect: ANY_MEMBER,
  },
  "fleet.summary": { run: (api, f) => api.fleet.summary({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "fleet.index": { run: (api, f) => api.fleet.index({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "fleet.instrument": {
    run: (api, f) => api.fleet.instrument({ orgSlug: f.slug, serial: SERIAL }),
    expect: ANY_MEMBER,
  },
  "fleet.refresh": { run: (api, f) => api.fleet.refresh({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "instruments.audio": {
    run: (api, f) => api.instruments.audio({ orgSlug: f.slug, serial: SERIAL, range: lastDays(7) }),
    expect: ANY_MEMBER,
  },
  "notifications.mine": { run: (api, f) => api.notifications.mine({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "notifications.choices": { run: (api, f) => api.notifications.choices({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "notifications.updateMine": {
    run: (api, f) =>
      api.notifications.updateMine({
        orgSlug: f.slug,
        enabled: true,
        ruleIds: [],
        severities: ["critical"],
        instrumentIds: [],
        mode: "daily",
        digestHour: 7,
        quietStart: "22:00",
        quietEnd: "07:00",
        criticalOverridesQuiet: true,
        timezone: "Europe/London",
        includeResolutions: false,
      }),
    expect: ANY_MEMBER,
  },
  "notifications.team": { run: (api, f) => api.notifications.team({ orgSlug: f.slug }), expect: ADMINS },
  "notifications.failedEmails": {
    run: (api, f) => api.notifications.failedEmails({ orgSlug: f.slug }),
    expect: ADMINS,
  },
  "sites.list": { run: (api, f) => api.sites.list({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "sites.choices": { run: (api, f) => api.sites.choices({ orgSlug: f.slug }), expect: ANY_MEMBER },
  "sites.get": { run: (api, f) => api.sites.get({ orgSlug: f.slug, siteId: f.siteB.id }), expect: NOT_THEIR_SITE },
  "sites.byCode": {
    run: (api, f) => api.sites.byCode({ orgSlug: f.slug, code: f.siteB.code }),
    expect: NOT_THEIR_SITE,
  },
  "sites.headroom": {
    run: (api, f) => api.sites.headroom({ orgSlug: f.slug, siteId: f.siteA.id }),
    expect: ANY_MEMBER,
  },
  "sites.deployments": {
    run: (api, f) => api.sites.deployments({ orgSlug: f.slug, siteId: f.siteB.id }),
    expect: NOT_THEIR_SITE,
  },
  "sites.instrumentDeployments": {
    run: (api, f) => api.sites.instrumentDeployments({ orgSlug: f.slug, serial: SERIAL }),
    expect: ANY_MEMBER,
  },
  "sites.schedules": {
    run: (api, f) => api.sites.schedules({ orgSlug: f.slug, siteId: f.siteB.id }),
    expect: NOT_THEIR_SITE,
  },
  "sites.create": {
    run: (api, f) => api.sites.create({ orgSlug: f.slug, name: "New Job", code: "NEW1" }),
    expect: ADMINS,
  },
  "sites.update": {
    run: (api, f) =>
      api.sites.update({ orgSlug: f.slug, siteId: f.siteA.id, fields: { name: "Renamed", code: f.siteA.code } }),
    expect: ADMINS,
  },
  "sites.setArchived": {
    run: (api, f) => api.sites.setArchived({ orgSlug: f.slug, siteId: f.siteB.id, archived: true }),
    expect: ADMINS,
  },
  "sites.saveSchedule": {
    run: (api, f) =>
      api.sites.saveSchedule({
        orgSlug: f.slug,
        siteId: f.siteA.id,
        effectiveFrom: new Date(),
        rows: [
          {
            label: "Day",
            days: [1, 2, 3, 4, 5],
            from: "07:00",
            to: "19:00",
            metric: "LAeq",
            averagingMinutes: 60,
            triggerDb: 65,
            limitDb: 70,
          },
        ],
      }),
    expect: ADMINS,
  },
  "sites.setRuleOverride": {
    run: (api, f) =>
      api.sites.setRuleOverride({
        orgSlug: f.slug,
        siteId: f.siteA.id,
        kind: "offline",
        enabled: true,
        params: { minutes: 15 },
      }),
    expect: ADMINS,
  },
  "sites.deploy": {
    run: (api, f) =>
      api.sites.deploy({
        orgSlug: f.slug,
        siteId: f.siteB.id,
        serial: SERIAL,
        positionName: "MP2",
        positionType: "free_field",
      }),
    expect: ADMINS,
  },
  "sites.recall": { run: (api, f) => api.sites.recall({ orgSlug: f.slug, serial: OTHER_SERIAL }), expect: ADMINS },
  "members.setSites": {
    run: (api, f) =>
      api.members.setSites({ orgSlug: f.slug, membershipId: f.targetMembershipId, siteIds: [f.siteA.id] }),
    expect: ADMINS,
  },
  // The other site's instrument: NOT_FOUND for the site-limited, as if it did not exist.
  "instruments.other-site (not a procedure)": {
    run: (api, f) => api.instruments.noise({ orgSlug: f.slug, serial: OTHER_SERIAL, range: lastDays(1) }),
    expect: NOT_THEIR_SITE,
  },
};

type TestUser = Awaited<ReturnType<typeof createUser>>;
let users: Record<Exclude<Who, "anonymous">, TestUser>;
let inviter: TestUser;
let simulator: RunningSimulator;

beforeAll(async () => {
  // No rate limit here: the matrix makes a few hundred calls with one key.
  simulator = await startSimulator({ port: 0, generatedOutages: false, ratePerSecond: 10_000, burst: 10_000 });
  configureEnv({ SIMULATOR_URL: simulator.apiUrl });
  const [owner, admin, member, viewer, siteMember, siteViewer, outsider, other] = await Promise.all(
    [
      "Olivia Owner",
      "Adam Admin",
      "Mia Member",
      "Victor Viewer",
      "Sam Sitemember",
      "Sid Siteviewer",
      "Oscar Outsider",
      "Ivy Inviter",
    ].map((n) => createUser(n)),
  );
  users = {
    owner: owner!,
    admin: admin!,
    member: member!,
    viewer: viewer!,
    siteMember: siteMember!,
    siteViewer: siteViewer!,
    outsider: outsider!,
  };
  inviter = other!;
  await createOrg({ owner: [outsider!] });
});

afterAll(async () => {
  await simulator?.close();
  await stopQueue(); // fleet.refresh started the job queue's client
});

/** A fresh organisation per cell, so mutations in one cell never affect another. */
async function buildFixture(who: Who): Promise<Fixture> {
  const target = await createUser("Tara Target");
  const org = await createOrg({
    owner: [users.owner],
    admin: [users.admin],
    member: [users.member, target],
    viewer: [users.viewer],
  });
  await createCredential(org.id, DEMO_API_KEY, simulator.apiUrl);
  const [one, two] = await Promise.all(
    [SERIAL, OTHER_SERIAL].map((serial) =>
      db().instrument.create({ data: { organizationId: org.id, serial, type: "Noise", name: `Monitor ${serial}` } }),
    ),
  );
  const siteA = await db().site.create({ data: { organizationId: org.id, name: "Site A", code: "AAA" } });
  const siteB = await db().site.create({ data: { organizationId: org.id, name: "Site B", code: "BBB" } });
  const startAt = new Date(Date.now() - 86_400_000);
  await db().deployment.createMany({
    data: [
      {
        organizationId: org.id,
        siteId: siteA.id,
        instrumentId: one!.id,
        positionName: "A1",
        positionType: "facade",
        startAt,
      },
      {
        organizationId: org.id,
        siteId: siteB.id,
        instrumentId: two!.id,
        positionName: "B1",
        positionType: "facade",
        startAt,
      },
    ],
  });
  for (const [who, role] of [
    ["siteMember", "member"],
    ["siteViewer", "viewer"],
  ] as const) {
    await db().membership.create({
      data: {
        organizationId: org.id,
        userId: users[who].id,
        role,
        siteLimited: true,
        sites: { create: [{ siteId: siteA.id, organizationId: org.id }] },
      },
    });
  }
  const targetMembership = await db().membership.findFirstOrThrow({
    where: { organizationId: org.id, userId: target.id },
  });
  const pending = await createInvitation(
    org.id,
    { userId: users.owner.id, role: "owner" },
    { email: `${unique("pending")}@example.test`, role: "member" },
    { origin: "http://portal.test" },
  );
  let ownInvitationToken: string | null = null;
  if (who !== "anonymous") {
    const elsewhere = await createOrg({ owner: [inviter] });
    const current = await db().user.findUniqueOrThrow({ where: { id: users[who].id } });
    ownInvitationToken = (
      await createInvitation(
        elsewhere.id,
        { userId: inviter.id, role: "owner" },
        { email: current.email, role: "viewer" },
        { origin: "http://portal.test" },
      )
    ).token;
  }
  return {
    slug: org.slug,
    targetMembershipId: targetMembership.id,
    pendingInvitationId: pending.id,
    previewToken: pending.token,
    ownInvitationToken,
    siteA: { id: siteA.id, code: siteA.code },
    siteB: { id: siteB.id, code: siteB.code },
  };
}

async function callerAs(who: Who): Promise<Caller> {
  if (who === "anonymous") return callerFor(null);
  // Re-read: a cell may have bumped the session version (password change).
  const user = await db().user.findUniqueOrThrow({ where: { id: users[who].id } });
  return callerFor(user);
}

async function restorePassword(who: Who) {
  if (who === "anonymous") return;
  const { hashPassword } = await import("@/server/auth/password");
  await db().user.update({ where: { id: users[who].id }, data: { passwordHash: await hashPassword(TEST_PASSWORD) } });
}

describe("authorisation matrix", () => {
  for (const [path, entry] of Object.entries(MATRIX)) {
    for (const who of WHO) {
      it(`${path} as ${who} → ${entry.expect[who]}`, async () => {
        const fixture = await buildFixture(who);
        const api = await callerAs(who);
        expect(await outcome(() => entry.run(api, fixture))).toBe(entry.expect[who]);
        if (path === "account.changePassword") await restorePassword(who);
      });
    }
  }

  it("lists every procedure the router exposes, and nothing else", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(
      Object.keys(MATRIX)
        .filter((k) => !k.endsWith("(not a procedure)"))
        .sort(),
    ).toEqual(procedures);
  });
});
