/**
 * An organisation's MyCirrus key: tested on save, sealed at rest, never shown
 * again, flagged when MyCirrus later refuses it, bound to its organisation.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { configureEnv } from "@/server/env";
import { DEMO_API_KEY, EXPIRED_API_KEY, READ_ONLY_API_KEY } from "@/simulator/fixtures";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { syncFleet } from "@/server/services/fleet";
import { callerFor, createOrg, createUser, outcome } from "../support/factories";
import { EVERY_CAPABILITY } from "./mycirrus-helpers";

let simulator: RunningSimulator;
const logged: string[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, generatedOutages: false, ratePerSecond: 1000, burst: 1000 });
  configureEnv({ SIMULATOR_URL: simulator.apiUrl });
  // Everything the portal logs during these tests is kept, to prove the key never appears.
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(
        args
          .map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a)))
          .join(" "),
      );
      original(...args);
    });
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await simulator?.close();
  expect(logged.join("\n")).not.toContain(DEMO_API_KEY);
  expect(logged.join("\n")).not.toContain(READ_ONLY_API_KEY);
});

async function adminOfNewOrg() {
  const admin = await createUser("Ada Admin");
  const org = await createOrg({ owner: [admin] });
  return { admin, org, api: callerFor(admin) };
}

describe("saving a key", () => {
  it("tests the key, stores it sealed, and shows only its last 4 characters and what it can do", async () => {
    const { org, api } = await adminOfNewOrg();
    const view = await api.mycirrus.saveKey({ orgSlug: org.slug, apiKey: DEMO_API_KEY, baseUrl: simulator.apiUrl });
    expect(view).toMatchObject({ configured: true, last4: DEMO_API_KEY.slice(-4), status: "valid" });
    expect(view.capabilities).toEqual(EVERY_CAPABILITY);
    const row = await db().myCirrusCredential.findUniqueOrThrow({ where: { organizationId: org.id } });
    expect(JSON.stringify(row)).not.toContain(DEMO_API_KEY);
    expect(Buffer.from(row.keyCiphertext, "base64").toString("latin1")).not.toContain(DEMO_API_KEY);
    expect(JSON.stringify(await api.mycirrus.connection({ orgSlug: org.slug }))).not.toContain(DEMO_API_KEY);
    const audit = await api.audit.list({ orgSlug: org.slug });
    expect(audit.items[0]).toMatchObject({ action: "mycirrus.key_saved", data: { last4: DEMO_API_KEY.slice(-4) } });
    expect(JSON.stringify(audit)).not.toContain(DEMO_API_KEY);
  });

  it("reports the capabilities a narrower key has", async () => {
    const { org, api } = await adminOfNewOrg();
    const view = await api.mycirrus.saveKey({
      orgSlug: org.slug,
      apiKey: READ_ONLY_API_KEY,
      baseUrl: simulator.apiUrl,
    });
    expect(view.capabilities).toMatchObject({
      instruments: "yes",
      data: "yes",
      webhooksRead: "yes",
      rename: "no",
      actions: "no",
      webhooksWrite: "no",
    });
  });

  it("refuses a key MyCirrus does not accept, and saves nothing", async () => {
    const { org, api } = await adminOfNewOrg();
    const error = await api.mycirrus
      .saveKey({ orgSlug: org.slug, apiKey: EXPIRED_API_KEY, baseUrl: simulator.apiUrl })
      .catch((e) => e);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause.field).toBe("apiKey");
    expect(await db().myCirrusCredential.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("accepts only the offered base URLs, so a tenant cannot aim the server elsewhere", async () => {
    const { org, api } = await adminOfNewOrg();
    const error = await api.mycirrus
      .saveKey({ orgSlug: org.slug, apiKey: DEMO_API_KEY, baseUrl: "http://169.254.169.254/latest" })
      .catch((e) => e);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause.field).toBe("baseUrl");
    expect(
      await outcome(() =>
        api.mycirrus.saveKey({ orgSlug: org.slug, apiKey: "has spaces in it", baseUrl: simulator.apiUrl }),
      ),
    ).toBe("BAD_REQUEST");
  });
});

describe("using the key", () => {
  it("reads instruments through the organisation's own key", async () => {
    const { org, api } = await adminOfNewOrg();
    await api.mycirrus.saveKey({ orgSlug: org.slug, apiKey: DEMO_API_KEY, baseUrl: simulator.apiUrl });
    const list = await api.instruments.list({ orgSlug: org.slug });
    expect(list.map((i) => i.serialNumber)).toContain("QT800001");
  });

  it("an organisation without a key is told to add one", async () => {
    const { org, api } = await adminOfNewOrg();
    const error = await api.instruments.list({ orgSlug: org.slug }).catch((e) => e);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/No MyCirrus API key/);
  });

  it("a 401 later marks the key invalid, and the settings say so", async () => {
    const { org, api } = await adminOfNewOrg();
    await api.mycirrus.saveKey({ orgSlug: org.slug, apiKey: DEMO_API_KEY, baseUrl: simulator.apiUrl });
    // The key is revoked in the MyCirrus console: the simulator now refuses it.
    const control = simulator.control;
    const revoked = await control.createKey({ scopes: ["instruments:read"], expired: true });
    const { sealSecret } = await import("@/server/crypto/secrets");
    const sealed = sealSecret(revoked.key, org.id, "mycirrus-api-key");
    await db().myCirrusCredential.update({
      where: { organizationId: org.id },
      data: { keyCiphertext: sealed.ciphertext },
    });
    const error = await api.instruments.list({ orgSlug: org.slug }).catch((e) => e);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/refused this organisation's API key/);
    expect(await api.mycirrus.connection({ orgSlug: org.slug })).toMatchObject({
      status: "invalid",
      lastError: expect.stringMatching(/401/),
    });
  });

  it("a missing scope is named", async () => {
    const { org, api } = await adminOfNewOrg();
    await api.mycirrus.saveKey({ orgSlug: org.slug, apiKey: READ_ONLY_API_KEY, baseUrl: simulator.apiUrl });
    const error = await api.instruments.rename({ orgSlug: org.slug, serial: "QT800002", name: "Nope" }).catch((e) => e);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("instruments:write");
  });

  it("a ciphertext copied into another organisation's row does not decrypt there", async () => {
    const a = await adminOfNewOrg();
    const b = await adminOfNewOrg();
    await a.api.mycirrus.saveKey({ orgSlug: a.org.slug, apiKey: DEMO_API_KEY, baseUrl: simulator.apiUrl });
    const stolen = await db().myCirrusCredential.findUniqueOrThrow({ where: { organizationId: a.org.id } });
    await db().myCirrusCredential.create({
      data: {
        organizationId: b.org.id,
        baseUrl: stolen.baseUrl,
        keyCiphertext: stolen.keyCiphertext,
        keyId: stolen.keyId,
        last4: stolen.last4,
        status: "valid",
      },
    });
    const error = await b.api.instruments.list({ orgSlug: b.org.slug }).catch((e) => e);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/can no longer be read/);
  });

  it("rename and actions are recorded in the audit log, and the new name shows on the board at once", async () => {
    const { org, api } = await adminOfNewOrg();
    await api.mycirrus.saveKey({ orgSlug: org.slug, apiKey: DEMO_API_KEY, baseUrl: simulator.apiUrl });
    await syncFleet(org.id);
    await api.instruments.rename({ orgSlug: org.slug, serial: "QT800012", name: "Quay ethernet" });
    await api.instruments.startAction({ orgSlug: org.slug, serial: "QT800012", action: "Identify" });
    const actions = (await api.audit.list({ orgSlug: org.slug })).items.map((i) => [i.action, i.data]);
    expect(actions).toContainEqual(["instrument.renamed", expect.objectContaining({ to: "Quay ethernet" })]);
    expect(actions).toContainEqual(["instrument.action_started", { action: "Identify", status: "Success" }]);
    expect((await api.instruments.get({ orgSlug: org.slug, serial: "QT800012" })).instrument.name).toBe(
      "Quay ethernet",
    );
    expect((await api.fleet.instrument({ orgSlug: org.slug, serial: "QT800012" })).instrument.name).toBe(
      "Quay ethernet",
    );
  });

  it("removing the key deletes it", async () => {
    const { org, api } = await adminOfNewOrg();
    await api.mycirrus.saveKey({ orgSlug: org.slug, apiKey: DEMO_API_KEY, baseUrl: simulator.apiUrl });
    await api.mycirrus.removeKey({ orgSlug: org.slug });
    expect(await db().myCirrusCredential.count({ where: { organizationId: org.id } })).toBe(0);
    expect((await api.mycirrus.connection({ orgSlug: org.slug })).configured).toBe(false);
  });

  it("rejects inverted and over-long ranges before calling MyCirrus", async () => {
    const { org, api } = await adminOfNewOrg();
    const now = new Date();
    expect(
      await outcome(() =>
        api.instruments.noise({
          orgSlug: org.slug,
          serial: "QT800001",
          range: { start: now, end: new Date(now.getTime() - 1000) },
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await outcome(() =>
        api.instruments.noise({ orgSlug: org.slug, serial: "QT800001", range: { start: new Date(0), end: now } }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await outcome(() => api.instruments.get({ orgSlug: org.slug, serial: "../etc/passwd" }))).toBe(
      "BAD_REQUEST",
    );
  });
});
