/**
 * Webhook registrations with MyCirrus: one per instrument and type, pointing
 * at PUBLIC_URL + /api/webhooks/mycirrus, for organisations whose key may
 * write webhooks. Secrets are generated here and sealed like the API key.
 * `repairWebhooks` is idempotent: it creates what is missing, adopts what
 * exists with our URL, and removes registrations of removed instruments.
 */
import { randomBytes } from "node:crypto";
import type { WebhookHealth } from "@/lib/alerts";
import type { Prisma } from "@/server/db/generated/client";
import { sealSecret } from "@/server/crypto/secrets";
import { db } from "@/server/db/client";
import { configuredOrigin } from "@/server/http";
import type { Capabilities, Webhook } from "@/server/mycirrus";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/crypto/purposes";
import { WEBHOOK_TYPES } from "@/server/webhooks/payloads";
import { recordAudit } from "@/server/services/audit";
import { removeApiKey, withMyCirrus } from "@/server/services/mycirrus";

const WEBHOOK_PATH = "/api/webhooks/mycirrus";

function webhookUrl(): string | null {
  const origin = configuredOrigin();
  return origin ? `${origin}${WEBHOOK_PATH}` : null;
}

export interface RepairReport {
  skipped: string | null;
  created: number;
  adopted: number;
  removed: number;
  failed: number;
}

async function canWrite(organizationId: string): Promise<string | null> {
  const credential = await db().myCirrusCredential.findUnique({
    where: { organizationId },
    select: { capabilities: true, status: true },
  });
  if (!credential) return "No MyCirrus key";
  if ((credential.capabilities as Capabilities | null)?.webhooksWrite !== "yes")
    return "The MyCirrus key may not write webhooks (webhooks:write)";
  if (!webhookUrl()) return "PUBLIC_URL is not set, so MyCirrus cannot reach the portal";
  return null;
}

export async function repairWebhooks(organizationId: string, actorId: string | null = null): Promise<RepairReport> {
  const report: RepairReport = {
    skipped: await canWrite(organizationId),
    created: 0,
    adopted: 0,
    removed: 0,
    failed: 0,
  };
  if (report.skipped) return report;
  const url = webhookUrl()!;
  const instruments = await db().instrument.findMany({
    where: { organizationId, removedAt: null },
    select: { serial: true },
  });
  const wanted = new Set(instruments.flatMap((i) => WEBHOOK_TYPES.map((t) => `${i.serial}|${t}`)));
  const local = await db().webhookRegistration.findMany({ where: { organizationId } });

  await withMyCirrus(organizationId, async (client) => {
    const remote = await client.listWebhooks();
    const remoteById = new Map(remote.map((w) => [w.id, w]));
    const remoteByKey = new Map(remote.map((w) => [`${w.instrument}|${w.type}`, w]));

    // Registrations for instruments that are gone: remove both sides.
    for (const reg of local.filter((r) => !wanted.has(`${r.instrumentSerial}|${r.type}`))) {
      if (remoteById.has(reg.remoteId)) await client.deleteWebhook(reg.remoteId).catch(() => undefined);
      await db().webhookRegistration.deleteMany({ where: { id: reg.id, organizationId } });
      report.removed++;
    }

    for (const key of wanted) {
      const [serial, type] = key.split("|") as [string, (typeof WEBHOOK_TYPES)[number]];
      const reg = local.find((r) => r.instrumentSerial === serial && r.type === type);
      const existing = remoteByKey.get(key);
      if (reg && existing && existing.id === reg.remoteId && existing.url === url) continue; // healthy
      const secret = randomBytes(32).toString("hex");
      try {
        let hook: Webhook;
        if (existing && existing.url === url) {
          // Ours but not (or no longer) known here: take it over with a fresh secret.
          hook = await client.updateWebhook(existing.id, { secret });
          report.adopted++;
        } else if (existing) {
          throw new Error(
            `Another webhook (${existing.url}) is registered for ${serial} ${type}; remove it in the MyCirrus console`,
          );
        } else {
          hook = await client.createWebhook({ type, instrument: serial, url, secret });
          report.created++;
        }
        const sealed = sealSecret(hook.secret ?? secret, organizationId, WEBHOOK_SECRET_PURPOSE);
        const data = {
          remoteId: hook.id,
          secretCiphertext: sealed.ciphertext,
          secretKeyId: sealed.keyId,
          url,
          status: "active",
          lastError: null,
        };
        await db().webhookRegistration.upsert({
          where: { organizationId_instrumentSerial_type: { organizationId, instrumentSerial: serial, type } },
          create: { organizationId, instrumentSerial: serial, type, ...data },
          update: data,
        });
      } catch (error) {
        report.failed++;
        const message = error instanceof Error ? error.message : String(error);
        if (reg)
          await db().webhookRegistration.updateMany({
            where: { id: reg.id, organizationId },
            data: { status: "failing", lastError: message.slice(0, 500) },
          });
      }
    }
  });
  if (actorId || report.created + report.adopted + report.removed > 0) {
    await recordAudit(db(), {
      organizationId,
      actorId,
      action: "webhooks.repaired",
      targetType: "webhooks",
      data: { ...report } as Prisma.InputJsonValue,
    });
  }
  return report;
}

/** On key removal: delete our webhooks at MyCirrus (best effort) and every local registration. */
export async function unregisterWebhooks(organizationId: string): Promise<{ deleted: number; failed: number }> {
  const local = await db().webhookRegistration.findMany({ where: { organizationId } });
  let deleted = 0;
  let failed = 0;
  if (local.length > 0) {
    try {
      await withMyCirrus(organizationId, async (client) => {
        for (const reg of local) {
          try {
            await client.deleteWebhook(reg.remoteId);
            deleted++;
          } catch {
            failed++;
          }
        }
      });
    } catch {
      failed = local.length - deleted;
    }
  }
  await db().webhookRegistration.deleteMany({ where: { organizationId } });
  return { deleted, failed };
}

/** Removes the organisation's MyCirrus key, deleting our webhooks at MyCirrus first while the key still works (best effort; local rows always go). */
export async function disconnectMyCirrus(organizationId: string, actorId: string): Promise<void> {
  const unregistered = await unregisterWebhooks(organizationId).catch(() => null);
  if (unregistered && unregistered.deleted + unregistered.failed > 0) {
    await recordAudit(db(), {
      organizationId,
      actorId,
      action: "webhooks.unregistered",
      targetType: "webhooks",
      data: unregistered,
    });
  }
  await removeApiKey(organizationId, actorId);
}

export type { WebhookHealth };

export async function webhookHealth(organizationId: string, now = new Date()): Promise<WebhookHealth> {
  const reason = await canWrite(organizationId);
  const instruments = await db().instrument.count({ where: { organizationId, removedAt: null } });
  const regs = await db().webhookRegistration.findMany({
    where: { organizationId },
    orderBy: [{ instrumentSerial: "asc" }, { type: "asc" }],
  });
  const active = regs.filter((r) => r.status === "active").length;
  const lastDeliveryAt = regs.reduce<Date | null>(
    (m, r) => (r.lastDeliveryAt && (!m || r.lastDeliveryAt > m) ? r.lastDeliveryAt : m),
    null,
  );
  return {
    enabled: reason === null,
    reason,
    url: webhookUrl(),
    expected: instruments * WEBHOOK_TYPES.length,
    active,
    failing: regs.length - active,
    missing: Math.max(0, instruments * WEBHOOK_TYPES.length - regs.length),
    lastDeliveryAt,
    problems: regs
      .filter((r) => r.status !== "active")
      .slice(0, 20)
      .map((r) => ({ instrumentSerial: r.instrumentSerial, type: r.type, status: r.status, lastError: r.lastError })),
    completeness: await Promise.all(
      (
        [
          ["24h", 1],
          ["7d", 7],
        ] as const
      ).map(async ([window, days]) => {
        const where = {
          organizationId,
          createdAt: { gte: new Date(now.getTime() - days * 86_400_000) },
          kind: { in: ["event", "calibration", "sic", "status"] },
        };
        const [total, viaWebhook] = await Promise.all([
          db().observedOccurrence.count({ where }),
          db().observedOccurrence.count({ where: { ...where, viaWebhookAt: { not: null } } }),
        ]);
        return {
          window,
          total,
          viaWebhook,
          percent: total === 0 ? null : Math.round((viaWebhook / total) * 1000) / 10,
        };
      }),
    ),
  };
}
