/**
 * POST /api/webhooks/mycirrus: verify, store, enqueue, answer. Nothing slow
 * happens here: the raw body is read with a cap, the signature is checked in
 * constant time over those exact bytes before any parsing, and the event is
 * stored with its dedupe key and its job in one transaction. 200 means "stored";
 * a storage failure answers 503 so MyCirrus retries.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/crypto/purposes";
import { openSecret } from "@/server/crypto/secrets";
import { db } from "@/server/db/client";
import { enqueueInTransaction, webhookQueueFor } from "@/server/jobs/queue";
import { parseDelivery } from "./payloads";

export const MAX_BODY_BYTES = 256 * 1024;

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers },
  });

class TooLarge extends Error {}

/** The body's bytes, refusing (without buffering further) anything over the cap. */
async function readCapped(request: Request, cap: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > cap) throw new TooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** The 32 signature bytes from hex or base64 (url-safe too), with or without `sha256=`; null if neither. */
function decodeSignature(header: string): Buffer | null {
  const value = header.trim().replace(/^sha256=/i, "");
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  return null;
}

function signatureMatches(body: Buffer, secret: string, signature: Buffer): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  return signature.length === expected.length && timingSafeEqual(expected, signature);
}

/**
 * Why a parsed body cannot be stored as jsonb, or null. Postgres refuses NUL
 * and unpaired surrogates in jsonb, and very deep nesting exhausts the stack
 * (of JSON.stringify here, or of Postgres's parser): left alone these fail the
 * INSERT and answer 503, which MyCirrus would retry for ever. No real payload
 * comes near (they are 3 levels deep), so they are malformed: 400. Found by
 * tests/integration/fuzz-webhooks.test.ts.
 */
const MAX_JSON_DEPTH = 64;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorableJson(value: unknown, depth = 0): string | null {
  if (typeof value === "string")
    return value.includes("\u0000") || UNPAIRED_SURROGATE.test(value)
      ? "a string holds NUL or an unpaired surrogate"
      : null;
  if (typeof value !== "object" || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return `nested deeper than ${MAX_JSON_DEPTH} levels`;
  for (const [key, child] of Object.entries(value)) {
    const problem = unstorableJson(key, depth) ?? unstorableJson(child, depth + 1);
    if (problem) return problem;
  }
  return null;
}

export async function receiveWebhook(request: Request): Promise<Response> {
  let body: Buffer;
  try {
    body = await readCapped(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof TooLarge) return text(413, "Payload too large");
    return text(400, "Could not read the body");
  }
  const webhookId = request.headers.get("x-webhook-id")?.trim();
  const signatureHeader = request.headers.get("x-webhook-signature");
  if (!webhookId || !signatureHeader || webhookId.length > 200) return text(401, "Missing webhook id or signature");
  const signature = decodeSignature(signatureHeader);

  try {
    // Ids may collide across MyCirrus base URLs: the signature decides which registration it is.
    const candidates = await db().webhookRegistration.findMany({
      where: { remoteId: webhookId },
      orderBy: { createdAt: "desc" },
    });
    const registration = signature
      ? candidates.find((r) => {
          try {
            const secret = openSecret(
              { ciphertext: r.secretCiphertext, keyId: r.secretKeyId },
              r.organizationId,
              WEBHOOK_SECRET_PURPOSE,
            );
            return signatureMatches(body, secret, signature);
          } catch {
            return false;
          }
        })
      : undefined;
    if (!registration) return text(401, "Unknown webhook or bad signature");

    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      return text(400, "Malformed JSON");
    }
    const unstorable = unstorableJson(json);
    if (unstorable) return text(400, `Invalid payload: ${unstorable}`);
    const parsed = parseDelivery(json);
    if (!parsed.ok) return text(400, `Invalid payload: ${parsed.message}`);

    const bodySha256 = createHash("sha256").update(body).digest("hex");
    const type = parsed.known ? parsed.payload.type : parsed.type;
    await db().$transaction(async (tx) => {
      const inserted = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "WebhookEvent" ("id", "organizationId", "registrationId", "remoteWebhookId", "bodySha256", "type", "instrumentSerial", "payload")
        VALUES (${`whe_${crypto.randomUUID()}`}, ${registration.organizationId}, ${registration.id}, ${webhookId}, ${bodySha256}, ${type},
                ${registration.instrumentSerial}, ${JSON.stringify(json)}::jsonb)
        ON CONFLICT ("remoteWebhookId", "bodySha256") DO NOTHING
        RETURNING "id"`;
      const eventId = inserted[0]?.id;
      if (eventId && parsed.known) {
        await enqueueInTransaction(tx, webhookQueueFor(type), { eventId, organizationId: registration.organizationId });
      }
      await tx.webhookRegistration.updateMany({
        where: { id: registration.id, organizationId: registration.organizationId },
        data: { lastDeliveryAt: new Date(), status: "active", lastError: null },
      });
    });
    return text(200, "OK");
  } catch (error) {
    console.error("[webhooks] could not store a delivery:", error instanceof Error ? error.message : error);
    return text(503, "Temporarily unable to store the delivery", { "retry-after": "5" });
  }
}
