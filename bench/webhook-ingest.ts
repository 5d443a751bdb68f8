/**
 * P1 — signed webhook ingest: POST /api/webhooks/mycirrus on `next start` of the
 * production build, driven by autocannon at rising fixed rates and then
 * unthrottled, beside a bare `node:http` + `pg` server (bench/bare-ingest-server.ts)
 * doing the same single INSERT into the same table, at the same rates, in the
 * same run. Every request carries a distinct body (so the dedupe key never makes
 * one cheap), correctly signed for one of the seeded registrations, whose
 * secrets are sealed exactly as the portal seals them.
 *
 *   npm run build && npx tsx bench/webhook-ingest.ts [--rates=50,100,200,400,800,0] [--seconds=12] [--registrations=500]
 *
 * Rate 0 = unthrottled (--connections, default 32). Afterwards: rows stored by the
 * portal == its 2xx answers (nothing lost, nothing doubled), and one webhook-event
 * job per row. Needs a production build (.next) and no other heavy job running.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { freePort } from "@/scripts/lib/postgres";
import { sealSecret } from "@/server/crypto/secrets";
import { db } from "@/server/db/client";
import { configureEnv, processEnvironment } from "@/server/env";
import { WEBHOOK_QUEUES } from "@/server/jobs/queue";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/crypto/purposes";
import { WEBHOOK_TYPES, type WebhookTypeName } from "@/server/webhooks/payloads";
import type { BareRegistration } from "./bare-ingest-server";
import { startBenchStack } from "./stack";

const argValue = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RATES = (argValue("rates") ?? "50,100,200,400,800,0").split(",").map(Number);
const SECONDS = Number(argValue("seconds") ?? 12);
const REGISTRATIONS = Number(argValue("registrations") ?? 500);
const UNTHROTTLED_CONNECTIONS = Number(argValue("connections") ?? 32);

const { stack, dataDir } = await startBenchStack("ingest");
const port = await freePort();
configureEnv({
  NODE_ENV: "production",
  AUTH_TRUST_HOST: "true",
  PUBLIC_URL: `http://127.0.0.1:${port}`,
});

// One organisation, REGISTRATIONS/5 instruments × the five webhook types, secrets sealed as repairWebhooks does.
const org = await db().organization.create({ data: { name: "Ingest bench", slug: "ingest-bench" } });
const regs: (BareRegistration & { type: WebhookTypeName })[] = [];
for (let i = 0; regs.length < REGISTRATIONS; i++) {
  const serial = `QB${String(900000 + i)}`;
  for (const type of WEBHOOK_TYPES) {
    const secret = randomBytes(32).toString("hex");
    const sealed = sealSecret(secret, org.id, WEBHOOK_SECRET_PURPOSE);
    const row = await db().webhookRegistration.create({
      data: {
        organizationId: org.id,
        instrumentSerial: serial,
        type,
        remoteId: `wh_${randomBytes(8).toString("hex")}`,
        secretCiphertext: sealed.ciphertext,
        secretKeyId: sealed.keyId,
        url: `http://127.0.0.1:${port}/api/webhooks/mycirrus`,
      },
    });
    regs.push({
      remoteId: row.remoteId,
      secret,
      organizationId: org.id,
      registrationId: row.id,
      instrumentSerial: serial,
      type,
    });
  }
}
const regsFile = path.join(dataDir, "registrations.json");
writeFileSync(regsFile, JSON.stringify(regs), { mode: 0o600 });

// A body per request: a fresh sequence number and time, a valid payload for the registration's type.
const T0 = Date.parse("2026-01-01T00:00:00Z");
let seq = 0;
function delivery(via: "portal" | "bare", n: number) {
  const reg = regs[n % regs.length]!;
  const time = new Date(T0 + n * 1000).toISOString();
  const extra: Record<WebhookTypeName, Record<string, unknown>> = {
    NewMeasurement: { endTime: new Date(T0 + n * 1000 + 60_000).toISOString() },
    NewEvent: { eventTime: time },
    InstrumentStatus: { online: true },
    CalibrationFinished: { status: "Passed", error: null, data: { time, status: "Passed", level: 93.9, offset: 0.1 } },
    SicFinished: { status: "Passed", error: null, data: { time, status: "Passed" } },
  };
  const body = JSON.stringify({
    type: reg.type,
    instrument: reg.instrumentSerial,
    time,
    ...extra[reg.type],
    bench: { via, seq: n },
  });
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-webhook-id": reg.remoteId,
      "x-webhook-signature": createHmac("sha256", reg.secret).update(body).digest("hex"),
    },
  };
}

// CPU seconds of a process and its descendants, from /proc: less swayed by the neighbours' load than wall time.
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
function treeCpuSeconds(root: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      // utime + stime, plus cutime + cstime: a Postgres backend that exits hands its time to the postmaster.
      cpu.set(
        Number(entry),
        (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS,
      );
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* the process ended while we looked */
    }
  }
  let total = 0;
  const stack_ = [root];
  while (stack_.length > 0) {
    const pid = stack_.pop()!;
    total += cpu.get(pid) ?? 0;
    stack_.push(...(children.get(pid) ?? []));
  }
  return total;
}
const postmasterPid = Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);

async function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${seen.slice(-2000)}`)), 120_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${what} exited (${code}):\n${seen.slice(-2000)}`)));
  });
}

// What each request got, by its body's sequence number, to hold against the rows afterwards.
const answers = { portal: new Map<number, number>(), bare: new Map<number, number>() };
// Each server's stderr is kept: a failed store logs there, and the run says so.
const serverErrors = { portal: [] as string[], bare: [] as string[] };
const portal = spawn(
  path.resolve("node_modules/.bin/next"),
  ["start", "--port", String(port), "--hostname", "127.0.0.1"],
  {
    stdio: ["ignore", "pipe", "pipe"],
    env: processEnvironment(),
  },
);
portal.stderr!.on("data", (c: Buffer) => serverErrors.portal.push(c.toString()));
const bare = spawn(
  path.resolve("node_modules/.bin/tsx"),
  [path.resolve("bench/bare-ingest-server.ts"), `--database-url=${stack.databaseUrl}`, `--registrations=${regsFile}`],
  {
    stdio: ["ignore", "pipe", "pipe"],
    env: processEnvironment(),
  },
);
bare.stderr!.on("data", (c: Buffer) => serverErrors.bare.push(c.toString()));
// A run that throws must not leave `next start` and the bare server running (and burning CPU) without their parent.
process.on("exit", () => {
  portal.kill("SIGTERM");
  bare.kill("SIGTERM");
});
await waitForLine(portal, /Ready in/, "next start");
const barePort = Number((await waitForLine(bare, /listening (\d+)/, "bare server"))[1]);
const targets = {
  portal: { url: `http://127.0.0.1:${port}/api/webhooks/mycirrus`, pid: portal.pid! },
  bare: { url: `http://127.0.0.1:${barePort}/`, pid: bare.pid! },
};
let stopping = false;
for (const [via, child] of [
  ["portal", portal],
  ["bare", bare],
] as const) {
  child.on("exit", (code, signal) => {
    if (!stopping)
      console.error(
        `${via} server exited during the run (${code ?? signal}):\n${serverErrors[via].join("").slice(-2000)}`,
      );
  });
}
// One signed delivery each before any load: a server that cannot store (stale build, wrong schema) stops the run here.
for (const via of ["portal", "bare"] as const) {
  const n = seq++;
  const probe = await fetch(targets[via].url, { method: "POST", ...delivery(via, n) });
  if (probe.status !== 200)
    throw new Error(
      `${via} answered the probe delivery ${probe.status}: ${await probe.text()}\n${serverErrors[via].join("").slice(-2000)}`,
    );
  answers[via].set(n, probe.status);
}

interface Phase {
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  serverCpuMs: number;
  postgresCpuMs: number;
}

async function drive(via: "portal" | "bare", rate: number, seconds: number): Promise<Phase> {
  // autocannon paces each connection by the second: at the top of every second each connection may
  // send its share again, one request after another. 5 a second per connection leaves 200 ms per
  // request before pacing, not the server, caps the rate; each second opens with a burst of
  // `connections` concurrent requests, the same for both servers.
  const connections = rate === 0 ? UNTHROTTLED_CONNECTIONS : Math.min(160, Math.max(4, Math.ceil(rate / 5)));
  const serverBefore = treeCpuSeconds(targets[via].pid);
  const postgresBefore = treeCpuSeconds(postmasterPid);
  // autocannon hands setupRequest and onResponse a per-connection context; without pipelining
  // the response it reports belongs to the request that connection built last.
  type Context = { seq?: number };
  const result = await autocannon({
    url: targets[via].url,
    method: "POST",
    connections,
    duration: seconds,
    ...(rate > 0 ? { overallRate: rate } : {}),
    timeout: 10,
    requests: [
      {
        method: "POST",
        setupRequest: (req, context) => {
          const n = seq++;
          (context as Context).seq = n;
          return { ...req, method: "POST", ...delivery(via, n) };
        },
        onResponse: (status, _body, context) => {
          const n = (context as Context).seq;
          if (n !== undefined) answers[via].set(n, status);
        },
      },
    ],
  });
  const serverCpu = treeCpuSeconds(targets[via].pid) - serverBefore;
  const postgresCpu = treeCpuSeconds(postmasterPid) - postgresBefore;
  const done = result["2xx"] + result.non2xx;
  return {
    rate,
    achieved: done / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    serverCpuMs: done > 0 ? (serverCpu * 1000) / done : NaN,
    postgresCpuMs: done > 0 ? (postgresCpu * 1000) / done : NaN,
  };
}

console.log(
  `${regs.length} registrations; portal on next start :${port}, bare node:http + pg on :${barePort}; ${SECONDS} s per rate, the two servers alternating\n`,
);
// Warm-up: JIT, Next's route module, both pools, pg-boss's queue check.
await drive("portal", 0, 3);
await drive("bare", 0, 3);

const rows: { portal: Phase; bare: Phase }[] = [];
for (const rate of RATES) {
  const p = await drive("portal", rate, SECONDS);
  const b = await drive("bare", rate, SECONDS);
  rows.push({ portal: p, bare: b });
  console.log(
    `  ${rate === 0 ? "unthrottled" : `${rate} req/s`}: portal ${p.achieved.toFixed(0)} req/s p50 ${p.p50} ms p99 ${p.p99} ms; bare ${b.achieved.toFixed(0)} req/s p50 ${b.p50} ms p99 ${b.p99} ms`,
  );
}

const cpu = (p: Phase) => `${p.serverCpuMs.toFixed(2)}+${p.postgresCpuMs.toFixed(2)}`;
const cell = (p: Phase) =>
  `${p.achieved.toFixed(0).padStart(5)} ${String(p.p50).padStart(5)} ${String(p.p99).padStart(6)} ${String(p.non2xx + p.errors).padStart(5)} ${cpu(p).padStart(10)}`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "—").padStart(7);
console.log(
  `\nP1 — signed webhook ingest, ${SECONDS} s per rate; latency ms; fail = non-2xx + socket errors; CPU = ms of server + Postgres CPU per request`,
);
console.log(
  `${"offered".padEnd(11)} | ${"portal (next start)".padEnd(35)} | ${"baseline (node:http + pg)".padEnd(35)} | portal ÷ baseline`,
);
console.log(
  `${"".padEnd(11)} | ${"req/s   p50    p99  fail        CPU"} | ${"req/s   p50    p99  fail        CPU"} |   req/s     p50     p99  CPU total`,
);
for (const { portal: p, bare: b } of rows) {
  console.log(
    `${(p.rate === 0 ? "unthrottled" : `${p.rate}/s`).padEnd(11)} | ${cell(p)} | ${cell(b)} | ${ratio(p.achieved, b.achieved)} ${ratio(p.p50, b.p50)} ${ratio(p.p99, b.p99)} ${ratio(p.serverCpuMs + p.postgresCpuMs, b.serverCpuMs + b.postgresCpuMs)}`,
  );
}

// Correctness, request by request: every 2xx is exactly one stored row with one queued job; a row
// without a 2xx may only be a request still in flight when autocannon stopped listening.
const client = new pg.Client({ connectionString: stack.databaseUrl });
await client.connect();
const storedSeqs = async (via: string) =>
  (
    await client.query<{ seq: string }>(
      `SELECT payload->'bench'->>'seq' AS seq FROM "WebhookEvent" WHERE payload->'bench'->>'via' = $1`,
      [via],
    )
  ).rows.map((r) => Number(r.seq));
const jobs = Number(
  (
    await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pgboss.job j JOIN "WebhookEvent" e ON e.id = j.data->>'eventId' WHERE j.name = ANY($1) AND e.payload->'bench'->>'via' = 'portal'`,
      [WEBHOOK_QUEUES],
    )
  ).rows[0]!.n,
);
const storedBy = { portal: await storedSeqs("portal"), bare: await storedSeqs("bare") };
await client.end();
let exact = true;
for (const via of ["portal", "bare"] as const) {
  const stored = storedBy[via];
  const storedSet = new Set(stored);
  const ok = [...answers[via]].filter(([, status]) => status >= 200 && status < 300).map(([n]) => n);
  const lost = ok.filter((n) => !storedSet.has(n)).length;
  const doubled = stored.length - storedSet.size;
  const storedButRefused = [...answers[via]].filter(
    ([n, status]) => (status < 200 || status >= 300) && storedSet.has(n),
  ).length;
  const inFlight = stored.filter((n) => !answers[via].has(n)).length;
  const good = lost === 0 && doubled === 0 && storedButRefused === 0 && (via === "bare" || jobs === stored.length);
  if (via === "portal") exact &&= good;
  console.log(
    `${via === "portal" ? "\ncorrectness: portal  " : "             baseline"} ${ok.length} × 2xx, ${stored.length} rows: lost ${lost}, doubled ${doubled}, stored though refused ${storedButRefused}, ` +
      `stored while in flight at the end of a phase ${inFlight}${via === "portal" ? `; ${jobs} webhook-event jobs` : ""} → ${good ? "OK" : "MISMATCH"}`,
  );
}
const errorLines = (lines: string[]) =>
  lines
    .join("")
    .split("\n")
    .filter((l) => l.trim());
for (const via of ["portal", "bare"] as const) {
  const lines = errorLines(serverErrors[via]);
  if (lines.length > 0) console.log(`${via} stderr (${lines.length} lines), first: ${lines.slice(0, 3).join(" | ")}`);
}
console.log(
  `\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; load generator, servers and Postgres share these cores`,
);

stopping = true;
portal.kill("SIGTERM");
bare.kill("SIGTERM");
await stack.stop();
process.exit(exact ? 0 : 1);
