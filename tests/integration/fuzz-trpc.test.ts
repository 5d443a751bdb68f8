/**
 * Property-based fuzzing of every tRPC procedure's input (fast-check), called
 * as the owner of a real organisation connected to the simulator: never a
 * crash (INTERNAL_SERVER_ERROR), and an input the procedure's own schema
 * rejects never leaves a row behind.
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

/** Total generated cases across all procedures (the issue asks for at least 10,000). */
const TOTAL_CASES = 10_000;

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  inputs: ZodType[];
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>).map(
  ([path, p]) => ({ path, def: p._def }),
);

let simulator: RunningSimulator;
let api: Caller;
let slug: string;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, generatedOutages: false, ratePerSecond: 100_000, burst: 100_000 });
  configureEnv({ SIMULATOR_URL: simulator.apiUrl });
  const owner = await createUser("Fuzz Owner");
  const org = await createOrg({ owner: [owner] });
  slug = org.slug;
  await createCredential(org.id, DEMO_API_KEY, simulator.apiUrl);
  api = callerFor(owner);
});

afterAll(async () => {
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

/** Does the procedure's own chain of input schemas accept this value? */
function schemaAccepts(def: ProcedureDef, input: unknown): boolean {
  return def.inputs.every((schema) => schema.safeParse(input).success);
}

async function rowFingerprint(): Promise<string> {
  const rows = await db().$queryRaw<{ t: string; n: bigint }[]>`
    SELECT relname AS t, n_live_tup AS n FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname`;
  // n_live_tup lags; count exactly instead, table by table.
  const counts: string[] = [];
  for (const { t } of rows) {
    if (t === "_prisma_migrations" || t === "LoginAttempt" || t === "UpstreamState") continue;
    const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t}"`);
    counts.push(`${t}=${row?.n}`);
  }
  return counts.join(",");
}

function call(path: string, input: unknown): Promise<unknown> {
  const parts = path.split(".");
  let target: unknown = api;
  for (const part of parts) target = (target as Record<string, unknown>)[part];
  return (target as (i: unknown) => Promise<unknown>)(input);
}

describe(`fuzzing every tRPC input (${TOTAL_CASES.toLocaleString("en")} cases)`, () => {
  const runsPerProcedure = Math.ceil(TOTAL_CASES / procedures.length);

  for (const { path, def } of procedures) {
    it(`${path}: ${runsPerProcedure} inputs, no crash, rejected inputs write nothing`, async () => {
      const before = await rowFingerprint();
      let rejectedWrites = 0;
      await fc.assert(
        fc.asyncProperty(inputFor(def), async (input) => {
          if (schemaAccepts(def, input)) return; // valid inputs are exercised by the other suites
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
    });
  }
});
