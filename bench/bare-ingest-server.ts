/**
 * P1's baseline: the least a signed-webhook receiver can do, on bare `node:http`
 * and `pg`. It reads the body, checks the HMAC against secrets it was handed in
 * plaintext (no lookup, no decryption), parses the JSON and runs the same single
 * INSERT … ON CONFLICT DO NOTHING into "WebhookEvent" as the portal. No
 * framework, no ORM, no transaction, no job, no registration update: what is
 * left is the floor the portal's route is compared with.
 *
 *   tsx bench/bare-ingest-server.ts --database-url=postgresql://… --registrations=/tmp/regs.json
 *
 * Prints `listening <port>` once it accepts connections. Settings come in as
 * arguments because only server/env.ts reads the environment.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";

export interface BareRegistration {
  remoteId: string;
  secret: string;
  organizationId: string;
  registrationId: string;
  instrumentSerial: string;
}

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const databaseUrl = arg("database-url");
const registrationsFile = arg("registrations");
if (!databaseUrl || !registrationsFile)
  throw new Error("usage: bare-ingest-server.ts --database-url=… --registrations=file.json");

const registrations = new Map(
  (JSON.parse(readFileSync(registrationsFile, "utf8")) as BareRegistration[]).map((r) => [r.remoteId, r]),
);
// The same pool size as the portal's Prisma adapter (server/db/client.ts), so neither wins on connections.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const MAX_BODY_BYTES = 256 * 1024;

const answer = (res: http.ServerResponse, status: number, body: string) =>
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return answer(res, 413, "Payload too large");
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  const reg = registrations.get(String(req.headers["x-webhook-id"] ?? ""));
  const signature = Buffer.from(String(req.headers["x-webhook-signature"] ?? ""), "hex");
  const expected = reg ? createHmac("sha256", reg.secret).update(body).digest() : null;
  if (!reg || !expected || signature.length !== expected.length || !timingSafeEqual(signature, expected))
    return answer(res, 401, "Bad signature");
  let json: { type?: unknown };
  try {
    json = JSON.parse(body.toString("utf8")) as { type?: unknown };
  } catch {
    return answer(res, 400, "Malformed JSON");
  }
  try {
    await pool.query(
      `INSERT INTO "WebhookEvent" ("id", "organizationId", "registrationId", "remoteWebhookId", "bodySha256", "type", "instrumentSerial", "payload")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT ("remoteWebhookId", "bodySha256") DO NOTHING`,
      [
        `whe_${randomUUID()}`,
        reg.organizationId,
        reg.registrationId,
        reg.remoteId,
        createHash("sha256").update(body).digest("hex"),
        String(json.type),
        reg.instrumentSerial,
        JSON.stringify(json),
      ],
    );
    answer(res, 200, "OK");
  } catch (error) {
    console.error("[bare] insert failed:", error instanceof Error ? error.message : error);
    answer(res, 503, "Temporarily unable to store the delivery");
  }
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
