/**
 * Alert emails through a real SMTP server: who gets what, when, exactly once,
 * and how one click stops them.
 */
import type { Severity } from "@/lib/domain";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as unsubscribePost } from "@/app/api/unsubscribe/route";
import { db } from "@/server/db/client";
import { configureEnv, processEnvironment } from "@/server/env";
import { createUnsubscribeToken } from "@/server/email/unsubscribe-token";
import { routeAlertChange, type AlertChange } from "@/server/services/notifications";
import { dispatchDueEmails, failedEmails, queueEmails } from "@/server/services/notifications";
import { enqueueInTransaction, QUEUES, stopQueue } from "@/server/jobs/queue";
import { startWorker } from "@/server/jobs/worker";
import { saveMySubscription, writeDueDigests } from "@/server/services/notifications";
import { defaultSubscription } from "@/lib/subscriptions";
import { startMailbox, type Mailbox } from "@/scripts/lib/mailbox";
import { createOrg, createUser } from "../support/factories";

let mailbox: Mailbox;

beforeAll(async () => {
  mailbox = await startMailbox({ smtpPort: 0, httpPort: null });
  configureEnv({ SMTP_URL: mailbox.smtpUrl, PUBLIC_URL: "http://portal.test" });
});
afterAll(async () => {
  await mailbox?.stop();
  await stopQueue();
});
beforeEach(async () => {
  // One database per file: clear what earlier tests left queued, so each test sees only its own mail.
  await db().emailOutbox.deleteMany();
  mailbox.clear();
  mailbox.refuse(0, 421);
  mailbox.onAccepted(null);
});

type User = Awaited<ReturnType<typeof createUser>>;

async function world() {
  const [owner, admin, member, viewer, quitter] = await Promise.all(
    ["Olive Owner", "Adam Admin", "Mira Member", "Vic Viewer", "Quinn Quitter"].map((n) => createUser(n)),
  );
  const org = await createOrg({ owner: [owner!], admin: [admin!], member: [member!, quitter!], viewer: [viewer!] });
  await db().organization.update({ where: { id: org.id }, data: { name: "Harbour Noise", timezone: "Europe/London" } });
  const [x, y] = await Promise.all(
    ["QT1", "QT2"].map((serial, i) =>
      db().instrument.create({
        data: { organizationId: org.id, serial, type: "Noise", name: i === 0 ? "Quay wall" : "Car park" },
      }),
    ),
  );
  const [ruleA, ruleB] = await Promise.all([
    db().alertRule.create({
      data: { organizationId: org.id, kind: "offline", name: "Instrument offline", severity: "critical", params: {} },
    }),
    db().alertRule.create({
      data: { organizationId: org.id, kind: "low_voltage", name: "Low input voltage", severity: "warning", params: {} },
    }),
  ]);
  return {
    org,
    owner: owner!,
    admin: admin!,
    member: member!,
    viewer: viewer!,
    quitter: quitter!,
    x: x!,
    y: y!,
    ruleA: ruleA!,
    ruleB: ruleB!,
  };
}
type World = Awaited<ReturnType<typeof world>>;

async function prefs(w: World, user: User, overrides: Partial<ReturnType<typeof defaultSubscription>>) {
  await saveMySubscription(w.org.id, user.id, { ...defaultSubscription("member", "Europe/London"), ...overrides });
}

/** Opens an alert and reports the change, as the alerts service does, in one transaction. */
async function raise(
  w: World,
  rule: { id: string; severity: Severity },
  instrument: { id: string },
  at: Date,
  kind: AlertChange["kind"] = "opened",
) {
  return db().$transaction(async (tx) => {
    const alert = await tx.alert.create({
      data: {
        organizationId: w.org.id,
        instrumentId: instrument.id,
        ruleId: rule.id,
        state: kind === "resolved" ? "resolved" : "open",
        severity: rule.severity,
        title: rule.severity === "critical" ? "Instrument offline" : "Low input voltage",
        source: "poll",
        openedAt: at,
      },
    });
    await routeAlertChange(tx, {
      alertId: alert.id,
      organizationId: w.org.id,
      instrumentId: instrument.id,
      ruleId: rule.id,
      kind,
      severity: rule.severity,
      at,
      actorId: null,
    });
    return alert;
  });
}

const recipients = () =>
  mailbox
    .messages()
    .flatMap((m) => m.to)
    .sort();

describe("one connection, one query at a time", () => {
  it("routing an alert change inside its transaction sends one query at a time on that connection", async () => {
    // First in the file: pg warns once per process. pg deprecates (and pg 9 refuses) a query while the client runs another: Prisma loads
    // several included relations of one query in parallel, which a transaction's one client cannot do.
    const w = await world();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      await raise(w, w.ruleA, w.x, new Date());
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((m) => m.includes("already executing a query"))).toEqual([]);
    // The owner's and the admin's email (their defaults: critical, at once).
    expect(await db().emailOutbox.count({ where: { organizationId: w.org.id } })).toBe(2);
  });
});

describe("who gets what", () => {
  it("subscription filters (rule, severity, instrument, unsubscribed, digest) decide exactly who gets an email", async () => {
    const w = await world();
    await prefs(w, w.admin, { mode: "immediate", severities: ["warning", "critical"], ruleIds: [w.ruleA.id] });
    await prefs(w, w.viewer, { mode: "immediate", severities: ["warning", "critical"], instrumentIds: [w.x.id] });
    await prefs(w, w.quitter, { enabled: false, mode: "immediate" });
    // owner: defaults (critical at once); member: defaults (daily digest).

    await raise(w, w.ruleA, w.x, new Date()); // critical, rule A, instrument X
    expect(await dispatchDueEmails()).toMatchObject({ sent: 3, failed: 0 });
    expect(recipients()).toEqual([w.admin.email, w.owner.email, w.viewer.email].sort());
    expect(await db().digestEntry.count({ where: { userId: w.member.id } })).toBe(1);

    mailbox.clear();
    await raise(w, w.ruleB, w.y, new Date()); // warning, rule B, instrument Y
    expect(await dispatchDueEmails()).toMatchObject({ sent: 0 });
    expect(recipients()).toEqual([]);
    expect(await db().digestEntry.count({ where: { userId: w.member.id } })).toBe(2);
  });

  it("an email names instrument, rule, severity and time in the recipient's zone, links to the alert, and offers one-click unsubscribe", async () => {
    const w = await world();
    await prefs(w, w.viewer, { mode: "immediate", severities: ["critical"], timezone: "America/New_York" });
    await raise(w, w.ruleA, w.x, new Date("2026-01-16T15:04:00Z"));
    await dispatchDueEmails();
    const mail = mailbox.messages().find((m) => m.to.includes(w.viewer.email))!;
    expect(mail.subject).toBe("[Critical] Instrument offline — Quay wall (QT1)");
    expect(mail.text).toContain("16 Jan 2026, 10:04 GMT-5");
    expect(mail.text).toContain("Instrument offline");
    expect(mail.html).toContain("Quay wall (QT1)");
    expect(mail.text).toMatch(/http:\/\/portal\.test\/org-[a-z0-9-]+\/alerts\?alert=/);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.headers["list-unsubscribe"]).toContain("http://portal.test/api/unsubscribe?token=");
  });

  it("resolutions reach only those who asked for them", async () => {
    const w = await world();
    await prefs(w, w.viewer, { mode: "immediate", severities: ["critical"], includeResolutions: false });
    await prefs(w, w.admin, { mode: "immediate", severities: ["critical"], includeResolutions: true });
    await raise(w, w.ruleA, w.x, new Date(), "resolved");
    await dispatchDueEmails();
    // owner's defaults include resolutions too
    expect(recipients()).toEqual([w.admin.email, w.owner.email].sort());
    expect(mailbox.messages()[0]!.subject).toMatch(/^Resolved: /);
  });
});

describe("when", () => {
  it("quiet hours across midnight in a non-UTC zone hold a warning until they end; critical may override", async () => {
    const w = await world();
    const quiet = {
      mode: "immediate" as const,
      severities: ["warning", "critical"],
      quietStart: "22:00",
      quietEnd: "07:00",
      timezone: "America/New_York",
    };
    await prefs(w, w.viewer, { ...quiet, criticalOverridesQuiet: false });
    await prefs(w, w.member, { ...quiet, criticalOverridesQuiet: true });
    const at = new Date("2026-01-16T03:30:00Z"); // 22:30 in New York
    await raise(w, w.ruleB, w.y, at); // warning
    await raise(w, w.ruleA, w.x, at); // critical
    await dispatchDueEmails({ now: new Date("2026-01-16T03:31:00Z") });
    // Only the member's critical email (override) goes out in quiet hours; the owner's default has no quiet hours.
    expect(mailbox.messages().filter((m) => m.to.includes(w.viewer.email))).toHaveLength(0);
    expect(
      mailbox
        .messages()
        .filter((m) => m.to.includes(w.member.email))
        .map((m) => m.subject),
    ).toEqual([expect.stringMatching(/^\[Critical\]/)]);
    await dispatchDueEmails({ now: new Date("2026-01-16T11:59:00Z") }); // 06:59 local: still quiet
    expect(mailbox.messages().filter((m) => m.to.includes(w.viewer.email))).toHaveLength(0);
    await dispatchDueEmails({ now: new Date("2026-01-16T12:00:00Z") }); // 07:00 local
    expect(mailbox.messages().filter((m) => m.to.includes(w.viewer.email))).toHaveLength(2);
    expect(mailbox.messages().filter((m) => m.to.includes(w.member.email))).toHaveLength(2);
  });

  it("a daily digest groups the changes and goes out once at the person's local hour", async () => {
    const w = await world();
    await prefs(w, w.member, {
      mode: "daily",
      digestHour: 8,
      severities: ["warning", "critical"],
      timezone: "Europe/Berlin",
    });
    await raise(w, w.ruleA, w.x, new Date("2026-01-16T01:00:00Z"));
    await raise(w, w.ruleB, w.y, new Date("2026-01-16T02:00:00Z"));
    await raise(w, w.ruleB, w.x, new Date("2026-01-16T03:00:00Z"));
    expect(await writeDueDigests(new Date("2026-01-16T06:00:00Z"))).toBe(0); // 07:00 Berlin
    expect(await writeDueDigests(new Date("2026-01-16T07:00:00Z"))).toBe(1); // 08:00 Berlin
    expect(await writeDueDigests(new Date("2026-01-16T07:30:00Z"))).toBe(0); // nothing new
    await dispatchDueEmails({ now: new Date("2026-01-16T07:00:30Z") });
    const digests = mailbox.messages().filter((m) => m.to.includes(w.member.email));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe("Harbour Noise: 3 alerts (daily digest)");
    expect(digests[0]!.text!.match(/^- /gm)).toHaveLength(3);
  });
});

describe("exactly once, nothing lost", () => {
  it("a worker killed after the SMTP server accepted but before marking sent: after restart the recipient holds exactly one message", async () => {
    const w = await world();
    await prefs(w, w.viewer, { mode: "immediate", severities: ["critical"] });
    await db().membership.deleteMany({ where: { organizationId: w.org.id, userId: { in: [w.owner.id, w.admin.id] } } });
    await raise(w, w.ruleA, w.x, new Date());

    const child = spawn("npx", ["tsx", "tests/support/dispatch-once.ts"], {
      env: processEnvironment(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    mailbox.onAccepted(() => child.kill("SIGKILL"));
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on("exit", (code, signal) => resolve(signal ?? code)),
    );
    expect(exit).toBe("SIGKILL");
    expect(output).not.toContain("dispatch finished");
    const row = await db().emailOutbox.findFirstOrThrow({ where: { toAddress: w.viewer.email } });
    expect(row.state).toBe("sending"); // accepted upstream, never marked

    mailbox.onAccepted(null);
    // The restarted worker finds the lease expired and sends again, with the same Message-ID.
    await dispatchDueEmails({ now: new Date(Date.now() + 3 * 60 * 1000) });
    expect((await db().emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).state).toBe("sent");
    expect(mailbox.messages().filter((m) => m.to.includes(w.viewer.email))).toHaveLength(1);
    expect(mailbox.duplicatesDropped()).toBe(1);
  }, 60_000);

  it("writing the same change twice queues one email (the idempotency key)", async () => {
    const w = await world();
    const alert = await raise(w, w.ruleA, w.x, new Date("2026-02-01T10:00:00Z"));
    const change: AlertChange = {
      alertId: alert.id,
      organizationId: w.org.id,
      instrumentId: w.x.id,
      ruleId: w.ruleA.id,
      kind: "opened",
      severity: "critical",
      at: new Date("2026-02-01T10:00:00Z"),
      actorId: null,
    };
    // The first write queued the owner's and the admin's email (their defaults: critical, at once).
    const queued = () =>
      db().emailOutbox.findMany({
        select: { id: true, toAddress: true, relatedId: true },
        orderBy: { toAddress: "asc" },
      });
    const first = await queued();
    expect(first.map((r) => [r.toAddress, r.relatedId])).toEqual(
      [w.admin.email, w.owner.email].sort().map((to) => [to, alert.id]),
    );
    await db().$transaction((tx) => routeAlertChange(tx, change));
    expect(await queued()).toEqual(first);
  });

  it("SMTP down: retried with backoff until it works, nothing lost, nothing duplicated", async () => {
    const w = await world();
    await db().membership.deleteMany({ where: { organizationId: w.org.id, userId: { not: w.owner.id } } });
    const t0 = new Date();
    await raise(w, w.ruleA, w.x, t0);
    mailbox.refuse(2, 421);
    expect(await dispatchDueEmails({ now: t0 })).toMatchObject({ retrying: 1 });
    expect(await dispatchDueEmails({ now: new Date(t0.getTime() + 10_000) })).toMatchObject({ sent: 0, retrying: 0 }); // backing off
    expect(await dispatchDueEmails({ now: new Date(t0.getTime() + 31_000) })).toMatchObject({ retrying: 1 });
    expect(await dispatchDueEmails({ now: new Date(t0.getTime() + 92_000) })).toMatchObject({ sent: 1 });
    expect(mailbox.messages()).toHaveLength(1);
    expect(mailbox.duplicatesDropped()).toBe(0);
    const row = await db().emailOutbox.findFirstOrThrow({ where: { organizationId: w.org.id } });
    expect(row).toMatchObject({ state: "sent", attempts: 3 });
  });

  it("a fan-out larger than one dispatch run is sent in full by the next runs, not left to the minute schedule", async () => {
    const emails = Array.from({ length: 120 }, (_, i) => ({
      idempotencyKey: `fanout-${i}`,
      kind: "alert" as const,
      to: `fan-${i}@example.test`,
      subject: `Fan-out ${i}`,
      html: "<p>x</p>",
      text: "x",
    }));
    await db().$transaction(async (tx) => {
      await queueEmails(tx, emails);
      await enqueueInTransaction(tx, QUEUES.emailDispatch, {});
    });
    // One round (50 emails) per run, and a safety-net schedule that never fires during the test:
    // only a run handing over to the next can send all 120.
    const worker = await startWorker({
      log: () => undefined,
      fleetCron: "0 0 1 1 *",
      emailCron: "0 0 1 1 *",
      emailRoundsPerRun: 1,
    });
    try {
      const deadline = Date.now() + 45_000;
      while ((await db().emailOutbox.count({ where: { state: "sent" } })) < 120 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(await db().emailOutbox.count({ where: { state: "sent" } })).toBe(120);
      expect(new Set(mailbox.messages().map((m) => m.to.join())).size).toBe(120);
    } finally {
      await worker.stop();
    }
  });

  it("a permanent refusal is recorded and shown to admins", async () => {
    const w = await world();
    await db().membership.deleteMany({ where: { organizationId: w.org.id, userId: { not: w.owner.id } } });
    await raise(w, w.ruleA, w.x, new Date());
    mailbox.refuse(1, 550);
    expect(await dispatchDueEmails()).toMatchObject({ failed: 1 });
    const failed = await failedEmails(w.org.id);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ toAddress: w.owner.email, lastError: expect.stringMatching(/550|unavailable/i) });
  });
});

describe("one-click unsubscribe", () => {
  const post = (token: string) =>
    unsubscribePost(
      new Request(`http://portal.test/api/unsubscribe?token=${encodeURIComponent(token)}`, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );

  it("works without a session and only for that organisation", async () => {
    const w = await world();
    const other = await createOrg({ owner: [w.owner] });
    await prefs(w, w.owner, { mode: "immediate", severities: ["critical"] });
    const response = await post(createUnsubscribeToken(w.owner.id, w.org.id));
    expect(response.status).toBe(200);
    const subs = await db().alertSubscription.findMany({ where: { userId: w.owner.id } });
    expect(subs.find((s) => s.organizationId === w.org.id)?.enabled).toBe(false);
    expect(subs.find((s) => s.organizationId === other.id)).toBeUndefined(); // untouched: still the defaults
    await raise(w, w.ruleA, w.x, new Date());
    await dispatchDueEmails();
    expect(recipients()).not.toContain(w.owner.email);
  });

  it("refuses forged and expired tokens and changes nothing", async () => {
    const w = await world();
    const token = createUnsubscribeToken(w.owner.id, w.org.id);
    const [payload, signature] = token.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ u: w.admin.id, o: w.org.id, e: Date.now() + 1e9 })).toString(
      "base64url",
    );
    expect((await post(`${forgedPayload}.${signature}`)).status).toBe(400);
    expect((await post(`${payload}.${signature!.slice(0, -2)}AA`)).status).toBe(400);
    expect((await post("garbage")).status).toBe(400);
    const expired = createUnsubscribeToken(w.owner.id, w.org.id, new Date(Date.now() - 91 * 24 * 60 * 60 * 1000));
    const response = await post(expired);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/expired/);
    expect(await db().alertSubscription.count({ where: { organizationId: w.org.id } })).toBe(0);
  });
});

describe("invitations by email", () => {
  it("an invitation is emailed with its link; a bounce is shown to the inviter", async () => {
    const { callerFor } = await import("../support/factories");
    const owner = await createUser("Ines Inviter");
    const org = await createOrg({ owner: [owner] });
    const api = callerFor(owner);
    const created = await api.invitations.create({
      orgSlug: org.slug,
      email: "new.colleague@example.test",
      role: "member",
    });
    await dispatchDueEmails();
    const mail = mailbox.messages().find((m) => m.to.includes("new.colleague@example.test"))!;
    expect(mail.subject).toBe(`Ines Inviter invited you to ${org.name} on Fleet Portal`);
    expect(mail.text).toContain(created.link);
    expect((await api.invitations.list({ orgSlug: org.slug }))[0]!.delivery).toEqual({ state: "sent", error: null });

    mailbox.refuse(1, 550);
    await api.invitations.create({ orgSlug: org.slug, email: "nobody@example.test", role: "viewer" });
    await dispatchDueEmails();
    const bounced = (await api.invitations.list({ orgSlug: org.slug })).find((i) => i.email === "nobody@example.test")!;
    expect(bounced.delivery).toMatchObject({ state: "failed", error: expect.stringMatching(/550|unavailable/i) });
  });
});
