/**
 * Issue 5 benchmarks, each beside its naive baseline, in one run:
 *  1. Fleet board with 1,000 instruments: server render of /demo/fleet from
 *     `next start` (production build), p50/p95, and MyCirrus calls per view,
 *     vs a per-view fan-out to the status endpoint (1,000 calls).
 *  2. 31-day noise chart: payload (JSON, gzip) and upstream calls, downsampled vs raw.
 *  3. Calibration history, 100 instruments × 1 year: upstream calls and time,
 *     batched (one request for all serials) vs one request per instrument.
 *  4. First-load JS (gzip) of every main page, and how much of it every page shares.
 *
 *   npm run build && npx tsx bench/fleet-board.ts [--views=40] [--fleet=1000]
 *
 * Needs a production build (.next) and no other heavy job running.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import superjson from "superjson";
import { freePort } from "@/scripts/lib/postgres";
import { db } from "@/server/db/client";
import { configureEnv, processEnvironment } from "@/server/env";
import { DEMO_ORG, DEMO_USER, seedDemoIfEmpty } from "@/server/services/demo";
import { syncFleet } from "@/server/services/fleet";
import { calibrations, getInstrumentStatus, noiseChart, noiseMeasurements, sicHistory } from "@/server/services/fleet";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { startSimulator } from "@/simulator/server";
import { startBenchStack } from "./stack";

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const VIEWS = arg("views", 40);
const FLEET = arg("fleet", 1000);
const PORT = arg("port", 0) || (await freePort());

const pct = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const line = (label: string, ours: string, naive: string) =>
  console.log(`${label.padEnd(46)} ${ours.padEnd(34)} ${naive}`);

// The simulator behind a counting proxy: every MyCirrus request the portal makes passes here.
const sim = await startSimulator({ port: 0, fleetSize: FLEET, ratePerSecond: 0 });
let upstream = 0;
const proxy = http.createServer((req, res) => {
  upstream++;
  const target = new URL(req.url ?? "/", sim.url);
  const out = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  out.on("error", () => res.writeHead(502).end());
  req.pipe(out);
});
await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
const apiUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`;

const { stack } = await startBenchStack("fleet");
configureEnv({
  SIMULATOR_URL: apiUrl,
  NODE_ENV: "production",
  PUBLIC_URL: `http://localhost:${PORT}`,
  // The simulator's rate limit is off, and so is ours: the baselines measure the fan-out itself, not a throttle.
  MYCIRRUS_RATE_PER_SECOND: "0",
  MYCIRRUS_CONCURRENCY: "8",
});
await seedDemoIfEmpty({ baseUrl: apiUrl, apiKey: DEMO_API_KEY });
const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
let t = performance.now();
const report = await syncFleet(org.id);
console.log(
  `fleet of ${report.instruments} synced in ${((performance.now() - t) / 1000).toFixed(1)} s (${upstream} upstream calls; the worker does this once a minute, not per view)\n`,
);
const serials = (
  await db().instrument.findMany({
    where: { organizationId: org.id, type: "Noise" },
    select: { serial: true },
    orderBy: { serial: "asc" },
  })
).map((i) => i.serial);

console.log(`${"".padEnd(46)} ${"portal".padEnd(34)} naive baseline`);

// 1. Fleet board page from next start.
const next = spawn(path.resolve("node_modules/.bin/next"), ["start", "--port", String(PORT)], {
  stdio: "ignore",
  env: processEnvironment(),
});
try {
  const base = `http://localhost:${PORT}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 600) throw new Error("next start did not come up");
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage();
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill(DEMO_USER.email);
  await page.getByLabel("Password").fill(DEMO_USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/demo$/);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  const get = async (p: string) => {
    const s = performance.now();
    const res = await fetch(`${base}${p}`, { headers: { cookie } });
    const html = await res.text();
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    return { ms: performance.now() - s, html };
  };
  for (let i = 0; i < 3; i++) await get("/demo/fleet"); // warm-up
  const before = upstream;
  const times: number[] = [];
  let html = "";
  for (let i = 0; i < VIEWS; i++) {
    const r = await get("/demo/fleet");
    times.push(r.ms);
    html = r.html;
  }
  const perView = (upstream - before) / VIEWS;
  const rowsShown = (html.match(/data-testid="fleet-row"/g) ?? []).length / 2;
  // Naive: every view asks MyCirrus for every instrument's status.
  const fan = performance.now();
  const upBefore = upstream;
  const all = (await db().instrument.findMany({ where: { organizationId: org.id }, select: { serial: true } })).map(
    (i) => i.serial,
  );
  await Promise.all(all.map((s) => getInstrumentStatus(org.id, s).catch(() => null)));
  const fanMs = performance.now() - fan;
  const fanCalls = upstream - upBefore;
  line(
    `1. fleet board, ${FLEET} instruments (${rowsShown} rows)`,
    `p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms`,
    `+${fanMs.toFixed(0)} ms of fan-out per view`,
  );
  line(
    "   upstream calls per view",
    `${perView}`,
    `${fanCalls} (≥ ${(fanCalls / 10).toFixed(0)} s at MyCirrus's 10 req/s)`,
  );
  line("   HTML size (gzip)", kb(gzipSync(html).length), "");

  // 4. First-load JS of every main page: the scripts its server-rendered HTML loads (each
  // `<script src>`, gzipped as a CDN would send it). Shared chunks count on every page,
  // because a first visit to any one page downloads them.
  const instrumentSerial = serials[0]!;
  const alert =
    (await db().alert.findFirst({ where: { organizationId: org.id }, select: { id: true } })) ??
    (await (async () => {
      const rule = await db().alertRule.findFirstOrThrow({ where: { organizationId: org.id, kind: "offline" } });
      const instrument = await db().instrument.findFirstOrThrow({
        where: { organizationId: org.id, serial: instrumentSerial },
      });
      return db().alert.create({
        data: {
          organizationId: org.id,
          instrumentId: instrument.id,
          ruleId: rule.id,
          openKey: `${rule.id}:${instrument.id}`,
          state: "open",
          severity: "critical",
          title: `${instrumentSerial} is offline`,
          source: "manual",
        },
        select: { id: true },
      });
    })());
  const pages: [string, string, boolean][] = [
    ["sign-in", "/signin", false],
    ["overview", "/demo", true],
    ["fleet board", "/demo/fleet", true],
    ["instrument", `/demo/instruments/${instrumentSerial}`, true],
    ["calibration history", "/demo/calibration", true],
    ["alerts inbox", "/demo/alerts", true],
    ["alert", `/demo/alerts/${alert.id}`, true],
    ["notifications (settings)", "/demo/notifications", true],
    ["members (settings)", "/demo/members", true],
    ["organisation settings", "/demo/settings", true],
    ["account (settings)", "/account", true],
    ["audit log", "/demo/audit", true],
  ];
  const gzippedScript = new Map<string, number>();
  const firstLoad = async (p: string, signedIn: boolean) => {
    const res = await fetch(`${base}${p}`, { headers: signedIn ? { cookie } : {} });
    const h = await res.text();
    if (!res.ok || (signedIn && new URL(res.url).pathname === "/signin"))
      throw new Error(`${p}: ${res.status} at ${res.url}`);
    const srcs = [...new Set([...h.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
    let total = 0;
    for (const src of srcs) {
      if (!gzippedScript.has(src))
        gzippedScript.set(src, gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length);
      total += gzippedScript.get(src)!;
    }
    return { total, srcs };
  };
  const measured: { label: string; path: string; total: number; srcs: string[] }[] = [];
  for (const [label, p, signedIn] of pages) measured.push({ label, path: p, ...(await firstLoad(p, signedIn)) });
  // What every page loads (framework, React, the app shell) vs what a page adds on top.
  const shared = measured.map((m) => m.srcs).reduce((a, b) => a.filter((src) => b.includes(src)));
  const sharedBytes = shared.reduce((sum, src) => sum + gzippedScript.get(src)!, 0);
  line(
    "4. first-load JS per page (gzip)",
    "total (scripts)",
    `page-specific beyond the ${kb(sharedBytes)} every page loads`,
  );
  for (const m of measured) {
    line(
      `   ${m.label} ${m.path.replace(alert.id, ":id")}`,
      `${kb(m.total)} (${m.srcs.length})`,
      kb(m.total - sharedBytes),
    );
  }
  await browser.close();
} finally {
  next.kill("SIGTERM");
}

// 2. 31-day noise chart.
{
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const range = { start: new Date(end.getTime() - 31 * 86_400_000), end };
  let u = upstream;
  t = performance.now();
  const chart = await noiseChart(org.id, "QT800001", range);
  const chartMs = performance.now() - t;
  const chartCalls = upstream - u;
  u = upstream;
  t = performance.now();
  const raw = await noiseMeasurements(org.id, "QT800001", range, { values: ["LAeq", "LAFMax", "LCPeak"] });
  const rawMs = performance.now() - t;
  const rawCalls = upstream - u;
  const chartBody = JSON.stringify(superjson.serialize(chart));
  const rawBody = JSON.stringify(superjson.serialize(raw));
  line(
    `2. 31-day noise chart (${raw.length} samples)`,
    `${chart.pointCount} points, ${kb(chartBody.length)}`,
    `${raw.length * 3} values, ${kb(rawBody.length)}`,
  );
  line("   payload gzip", kb(gzipSync(chartBody).length), kb(gzipSync(rawBody).length));
  line(
    "   upstream calls / server time",
    `${chartCalls} / ${chartMs.toFixed(0)} ms`,
    `${rawCalls} / ${rawMs.toFixed(0)} ms`,
  );
}

// 3. Calibration history, 100 instruments × 1 year.
{
  const end = new Date();
  const range = { start: new Date(end.getTime() - 365 * 86_400_000), end };
  const hundred = serials.slice(0, 100);
  let u = upstream;
  t = performance.now();
  const [cals, sics] = await Promise.all([calibrations(org.id, hundred, range), sicHistory(org.id, hundred, range)]);
  const ms = performance.now() - t;
  const calls = upstream - u;
  u = upstream;
  t = performance.now();
  await Promise.all(
    hundred.map((s) => Promise.all([calibrations(org.id, [s], range), sicHistory(org.id, [s], range)])),
  );
  const naiveMs = performance.now() - t;
  const naiveCalls = upstream - u;
  line(
    `3. calibration history, ${hundred.length} × 1 year`,
    `${calls} calls, ${ms.toFixed(0)} ms`,
    `${naiveCalls} calls, ${naiveMs.toFixed(0)} ms (per instrument)`,
  );
  line("   records", `${cals.length} calibrations, ${sics.length} SIC`, "same");
}

console.log(
  `\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`,
);
await db().$disconnect();
await stack.stop();
await sim.close();
proxy.close();
process.exit(0);
