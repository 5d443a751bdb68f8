/**
 * Property-based fuzzing of every tRPC procedure's input (fast-check), called
 * as the owner of a real organisation connected to the simulator: never a
 * crash (INTERNAL_SERVER_ERROR), and an input the procedure's own schema
 * rejects never leaves a row behind. Inputs the schema accepts (near-misses
 * that happen to be valid, and values shaped by the schema itself) are then
 * run to the procedure's handler, each procedure in an organisation of its own
 * so that what one writes cannot change what the next one sees: no crash there
 * either. Every procedure must have been called, and its handler reached.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db/client";
import { configureEnv } from "@/server/env";
import { stopQueue } from "@/server/jobs/queue";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { startSimulator, type RunningSimulator } from "@/simulator/server";
import { callerFor, createCredential, createOrg, createUser, type Caller } from "../support/factories";
import { inputArbitrary } from "../support/zod-arbitrary";

/** Total generated cases across all procedures (the issue asks for at least 10,000). */
const TOTAL_CASES = 10_000;

/** Schema-accepted inputs run to the handler, per procedure (each one costs a handler's work). */
const ACCEPTED_PER_PROCEDURE = 3;

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  inputs: ZodType[];
  /** tRPC's chain; the last one calls the handler. */
  middlewares: Array<(opts: unknown) => Promise<unknown>>;
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>).map(
  ([path, p]) => ({ path, def: p._def }),
);

let simulator: RunningSimulator;
let api: Caller;
let slug: string;
let owner: Awaited<ReturnType<typeof createUser>>;

/** How often each procedure's handler ran: its last middleware, wrapped. */
const handlerRuns = new Map<string, number>();
const unwrap: Array<() => void> = [];

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, generatedOutages: false, ratePerSecond: 100_000, burst: 100_000 });
  // An unreachable URL a valid input names fails at once rather than after the usual retries.
  configureEnv({ SIMULATOR_URL: simulator.apiUrl, MYCIRRUS_MAX_ATTEMPTS: "1" });
  owner = await createUser("Fuzz Owner");
  const org = await createOrg({ owner: [owner] });
  slug = org.slug;
  await createCredential(org.id, DEMO_API_KEY, simulator.apiUrl);
  api = callerFor(owner);
  for (const { path, def } of procedures) {
    const chain = def.middlewares;
    const handler = chain[chain.length - 1]!;
    chain[chain.length - 1] = (opts) => {
      handlerRuns.set(path, (handlerRuns.get(path) ?? 0) + 1);
      return handler(opts);
    };
    unwrap.push(() => (chain[chain.length - 1] = handler));
  }
});

afterAll(async () => {
  for (const restore of unwrap) restore();
  configureEnv({ MYCIRRUS_MAX_ATTEMPTS: undefined });
  await stopQueue();
  await simulator?.close();
});

/** Keys the procedure's object schemas know about, so fuzzed objects are near-misses, not just noise. */
function knownKeys(def: ProcedureDef): string[] {
  const keys = new Set<string>();
  for (const schema of def.inputs) {
    const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
    if (shape) for (const key of Object.keys(shape)) keys.add(key);
  }
  return [...keys];
}

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 200, maxLength: 400 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.constantFrom(
    "owner",
    "viewer",
    "QT800001",
    "immediate",
    "critical",
    "Identify",
    "PT1M",
    "2026-01-01T00:00:00Z",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>",
  ),
);

function inputFor(def: ProcedureDef) {
  const keys = knownKeys(def);
  const near = fc
    .record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] })
    .chain((obj) =>
      fc.boolean().map((realSlug) => (realSlug && keys.includes("orgSlug") ? { ...obj, orgSlug: slug } : obj)),
    );
  return fc.oneof(
    { weight: 4, arbitrary: near },
    { weight: 1, arbitrary: fc.anything() },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Inputs shaped by the schema, with the keys that need real values filled in, that it accepts. */
function validInputs(def: ProcedureDef): unknown[] {
  const shaped = inputArbitrary(def.inputs, {
    orgSlug: fc.constant(slug),
    baseUrl: fc.constant(simulator.apiUrl),
    timezone: fc.constantFrom("Europe/London", "UTC", "Asia/Kolkata"),
    // A short range within any procedure's limit, so a valid input asks MyCirrus for little.
    range: fc
      .tuple(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 0, 1) }), fc.integer({ min: 1, max: 72 }))
      .map(([start, hours]) => ({ start: new Date(start), end: new Date(start + hours * 3_600_000) })),
  });
  return fc.sample(shaped, { numRuns: 40, seed: 20261122 }).filter((input) => schemaAccepts(def, input));
}

/** Does the procedure's own chain of input schemas accept this value? */
function schemaAccepts(def: ProcedureDef, input: unknown): boolean {
  return def.inputs.every((schema) => schema.safeParse(input).success);
}

let countAll: string | undefined;

/** Every table's row count (bar bookkeeping tables), in one query. */
async function rowFingerprint(): Promise<string> {
  if (!countAll) {
    const tables = await db().$queryRaw<{ t: string }[]>`
      SELECT relname AS t FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname`;
    // Counted exactly (n_live_tup lags), all tables in one statement.
    countAll = tables
      .map(({ t }) => t)
      .filter((t) => !["_prisma_migrations", "LoginAttempt", "UpstreamState"].includes(t))
      .map((t) => `SELECT '${t}' AS t, count(*) AS n FROM "${t}"`)
      .join(" UNION ALL ");
  }
  const rows = await db().$queryRawUnsafe<{ t: string; n: bigint }[]>(countAll);
  return rows.map(({ t, n }) => `${t}=${n}`).join(",");
}

function call(path: string, input: unknown, caller: Caller = api): Promise<unknown> {
  const parts = path.split(".");
  let target: unknown = caller;
  for (const part of parts) target = (target as Record<string, unknown>)[part];
  return (target as (i: unknown) => Promise<unknown>)(input);
}

/** An organisation of the fuzz owner's own for one procedure's valid inputs, connected like the first. */
async function ownOrganisation(): Promise<string> {
  const org = await createOrg({ owner: [owner] });
  await createCredential(org.id, DEMO_API_KEY, simulator.apiUrl);
  return org.slug;
}

describe(`fuzzing every tRPC input (${TOTAL_CASES.toLocaleString("en")} cases)`, () => {
  const runsPerProcedure = Math.ceil(TOTAL_CASES / procedures.length);

  it("covers every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(50);
    expect(procedures.map((p) => p.path)).toEqual(expect.arrayContaining(["account.me", "organization.list"]));
  });

  for (const { path, def } of procedures) {
    it(`${path}: ${runsPerProcedure} inputs, no crash, rejected inputs write nothing, valid ones reach the handler`, async () => {
      const before = await rowFingerprint();
      let rejectedWrites = 0;
      let rejectedCalls = 0;
      const accepted = new Map<string, unknown>();
      await fc.assert(
        fc.asyncProperty(inputFor(def), async (input) => {
          if (schemaAccepts(def, input)) {
            // Valid near-misses run after this phase, where a write cannot spoil the fingerprint.
            const key = JSON.stringify(input) ?? "undefined";
            if (accepted.size < ACCEPTED_PER_PROCEDURE) accepted.set(key, input);
            return;
          }
          rejectedCalls++;
          try {
            await call(path, input);
            rejectedWrites++; // the schema rejected it, yet the call succeeded
          } catch (error) {
            const code = (error as { code?: string }).code;
            expect(code, `${path} threw ${String(error)}`).not.toBe("INTERNAL_SERVER_ERROR");
            // An unknown organisation is refused before the rest of the input is read.
            expect(["BAD_REQUEST", "NOT_FOUND"]).toContain(code);
          }
        }),
        { numRuns: runsPerProcedure, seed: 20261122 },
      );
      expect(rejectedWrites).toBe(0);
      expect(await rowFingerprint()).toBe(before);
      for (const input of validInputs(def)) {
        if (accepted.size >= ACCEPTED_PER_PROCEDURE) break;
        accepted.set(JSON.stringify(input) ?? "undefined", input);
      }

      // Valid inputs, in an organisation of this procedure's own: handled, or refused with a reason.
      const own = await ownOrganisation();
      const runsBefore = handlerRuns.get(path) ?? 0;
      for (const input of accepted.values()) {
        const mine =
          input && typeof input === "object" && (input as { orgSlug?: unknown }).orgSlug === slug
            ? { ...input, orgSlug: own }
            : input;
        try {
          await call(path, mine);
        } catch (error) {
          const code = (error as { code?: string }).code;
          expect(code, `${path} threw ${String(error)} for valid ${JSON.stringify(mine)}`).toBeDefined();
          expect(code, `${path} threw ${String(error)} for valid ${JSON.stringify(mine)}`).not.toBe(
            "INTERNAL_SERVER_ERROR",
          );
        }
      }
      // Not a vacuous pass: the procedure was called, and valid input got as far as its handler.
      expect(rejectedCalls + accepted.size, `${path}: cases run`).toBeGreaterThan(0);
      expect(accepted.size, `${path}: valid inputs generated`).toBeGreaterThan(0);
      expect((handlerRuns.get(path) ?? 0) - runsBefore, `${path}: handler runs`).toBeGreaterThan(0);
    });
  }
});
