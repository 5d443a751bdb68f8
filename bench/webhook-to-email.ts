/**
 * P6 — webhook received → email accepted by SMTP, and one alert fanned out to
 * 1,000 subscribers. Everything real and local: embedded Postgres, the
 * simulator delivering signed webhooks to the portal's own route handler over
 * HTTP, the worker (pg-boss), the SMTP catcher.
 *
 * Baselines: P6a beside the once-a-minute poll that finds an offline instrument without
 * webhooks; P6b beside the same messages sent straight through the same SMTP transport.
 *
 *   npm run bench:email   (npx tsx bench/webhook-to-email.ts [--runs=20] [--fanout=1000])
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { POST } from "@/app/api/webhooks/mycirrus/route";
import { defaultSubscription } from "@/lib/subscriptions";
import { db } from "@/server/db/client";
import { SEND_CONCURRENCY, smtpTransport } from "@/server/email/transport";
import { configureEnv } from "@/server/env";
import { enqueueFleetSyncs, startWorker } from "@/server/jobs/worker";
import { DEMO_ORG, DEMO_USER, seedDemoIfEmpty } from "@/server/services/demo";
import { saveMySubscription } from "@/server/services/notifications";
import { DEMO_API_KEY } from "@/simulator/fixtures";
import { addSubscribers } from "@/scripts/lib/subscribers";
import { SimulatorControl } from "@/simulator/control";
import { startBenchStack } from "./stack";

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const RUNS = arg("runs", 20);
const FANOUT = arg("fanout", 1000);

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const summary = (label: string, values: number[]) =>
  `${label.padEnd(34)} p50 ${pct(values, 50).toFixed(0).padStart(6)} ms   p95 ${pct(values, 95).toFixed(0).padStart(6)} ms   max ${Math.max(
    ...values,
  )
    .toFixed(0)
    .padStart(6)} ms`;

async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 120_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// The portal's webhook route behind a plain HTTP server (what `next start` does for it).
const receiver = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
  const response = await POST(
    new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
  );
  res.writeHead(response.status).end(await response.text());
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const publicUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const { stack } = await startBenchStack("p6");
configureEnv({ PUBLIC_URL: publicUrl });
const mailbox = stack.mailboxUrl!;
const messages = async () =>
  (await (await fetch(`${mailbox}/messages`)).json()) as { to: string[]; subject: string; date: string }[];
const simulator = new SimulatorControl(stack.simulatorUrl.replace(/\/v1$/, ""));

await seedDemoIfEmpty({ baseUrl: stack.simulatorUrl, apiKey: DEMO_API_KEY });
const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
const owner = await db().user.findUniqueOrThrow({ where: { email: DEMO_USER.email } });
await saveMySubscription(org.id, owner.id, {
  ...defaultSubscription("owner", "UTC"),
  severities: ["warning", "critical"],
  includeResolutions: false,
});
const worker = await startWorker({ log: () => undefined });
await enqueueFleetSyncs();
await until(
  async () =>
    (await db().webhookRegistration.count({ where: { organizationId: org.id } })) >= 60 &&
    (await db().alert.count()) >= 0,
);
await new Promise((r) => setTimeout(r, 3000)); // let the first sync's own alerts and emails settle

const serials = ["QT800001", "QT800003", "QT800005", "QT800007", "QT800008", "QT800012"];
const endToEnd: number[] = [];
const toStored: number[] = [];
const toQueued: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const serial = serials[i % serials.length]!;
  const before = (await messages()).length;
  const t0 = Date.now();
  await simulator.setOnline(serial, false);
  const event = await until(() =>
    db().webhookEvent.findFirst({
      where: {
        organizationId: org.id,
        instrumentSerial: serial,
        receivedAt: { gte: new Date(t0 - 5) },
        type: "InstrumentStatus",
      },
    }),
  );
  const alert = await until(() =>
    db().alert.findFirst({
      where: { organizationId: org.id, instrument: { serial }, state: "open", rule: { kind: "offline" } },
    }),
  );
  const outbox = await until(() =>
    db().emailOutbox.findFirst({ where: { relatedId: alert.id, toAddress: owner.email } }),
  );
  await until(
    async () =>
      (await messages()).length > before &&
      (await messages()).some((m) => m.subject.includes(serial) && Date.parse(m.date) >= t0 - 1000),
  );
  endToEnd.push(Date.now() - t0);
  toStored.push(event.receivedAt.getTime() - t0);
  toQueued.push(outbox.createdAt.getTime() - t0);
  await simulator.setOnline(serial, true);
  await until(() => db().alert.findFirst({ where: { id: alert.id, state: "resolved" } }));
}

console.log(`\nP6a — instrument goes offline in the simulator → offline email accepted by SMTP (${RUNS} runs)`);
console.log(summary("webhook stored (receiver)", toStored));
console.log(summary("email queued (same transaction)", toQueued));
console.log(summary("email accepted by SMTP (end to end)", endToEnd));

// P6b — one alert to FANOUT subscribers.
await addSubscribers(org.id, {
  count: FANOUT,
  idPrefix: "bench-user-",
  emailDomain: "bench.test",
  password: "bench-password-123",
  includeResolutions: false,
});
const mailsBefore = (await messages()).length;
const t0 = Date.now();
await simulator.setOnline("QT800012", false);
const fanAlert = await until(() =>
  db().alert.findFirst({
    where: { organizationId: org.id, instrument: { serial: "QT800012" }, state: "open", rule: { kind: "offline" } },
  }),
);
const queuedAt = Date.now();
// The outbox row is marked sent right after the SMTP server accepts it; polling the
// database is cheap, polling the mailbox (which serialises every message) is not.
await until(
  async () => (await db().emailOutbox.count({ where: { relatedId: fanAlert.id, state: "sent" } })) >= FANOUT + 1,
  600_000,
  100,
);
const allAccepted = Date.now();
const held = (await messages()).length - mailsBefore;
console.log(`\nP6b — one alert to ${FANOUT + 1} subscribers (immediate)`);
console.log(`alert opened and ${FANOUT + 1} emails queued after   ${queuedAt - t0} ms  (alert ${fanAlert.id})`);
console.log(
  `all ${FANOUT + 1} accepted by SMTP after            ${allAccepted - t0} ms  (${((FANOUT + 1) / ((allAccepted - queuedAt) / 1000)).toFixed(0)} emails/s sending; mailbox holds ${held})`,
);

// Baseline for P6b: the same rows' messages sent straight through the same SMTP transport
// (pooled, SEND_CONCURRENCY in flight), with no outbox, claiming or state updates: the rate the
// catcher and nodemailer allow on this machine.
await worker.stop();
const rowsSent = await db().emailOutbox.findMany({
  where: { relatedId: fanAlert.id },
  select: { toAddress: true, subject: true, html: true, text: true, headers: true },
});
const transport = smtpTransport()!;
const direct0 = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: SEND_CONCURRENCY }, async () => {
    for (let i = next++; i < rowsSent.length; i = next++) {
      const r = rowsSent[i]!;
      await transport.send({
        from: "bench@bench.test",
        to: r.toAddress,
        subject: r.subject,
        html: r.html,
        text: r.text,
        messageId: `<direct-${i}@bench.test>`,
        headers: (r.headers ?? {}) as Record<string, string>,
      });
    }
  }),
);
const directMs = Date.now() - direct0;
console.log(
  `baseline: the same ${rowsSent.length} messages straight to SMTP     ${directMs} ms  (${(rowsSent.length / (directMs / 1000)).toFixed(0)} emails/s; outbox sending ÷ direct = ${((allAccepted - queuedAt) / directMs).toFixed(2)}×)`,
);
console.log(
  `\nbaseline for P6a: without webhooks the portal learns of an offline instrument from its once-a-minute fleet poll: 0–60 s, mean 30 s, before the same email path (ratio to the webhook path's p50: ${(30_000 / pct(endToEnd, 50)).toFixed(0)}× at the mean)`,
);
console.log(
  `\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}; SMTP catcher, worker, Postgres and simulator share these cores`,
);

await simulator.setOnline("QT800012", true);
await stack.stop();
receiver.close();
process.exit(0);
