/**
 * The transactional email outbox. Writers add rows inside the transaction of
 * the change they report (`queueEmails`); the worker claims due rows with
 * FOR UPDATE SKIP LOCKED, sends them, and marks them. A row is claimed with a
 * lease, so a worker that dies mid-send releases it when the lease ends.
 *
 * Exactly-once over SMTP is not possible from the sender alone: a worker can
 * die after the server accepted a message and before the row is marked sent.
 * Each row therefore always goes out with the same Message-ID (derived from
 * its idempotency key: alert change × recipient), so the retry is recognisably
 * the same message and receiving systems drop it as a duplicate.
 */
import { createHash } from "node:crypto";
import type { Prisma } from "@/server/db/generated/client";
import { db, type Tx } from "@/server/db/client";
import { env } from "@/server/env";
import pLimit from "p-limit";
import { isPermanentFailure, SEND_CONCURRENCY, smtpTransport, type MailTransport } from "@/server/email/transport";

const MAX_ATTEMPTS = 8;
/** How long a claimed row is reserved for the worker that claimed it. */
const LEASE_MS = 2 * 60 * 1000;

export interface OutboxEmail {
  idempotencyKey: string;
  organizationId?: string | null;
  userId?: string | null;
  kind: "alert" | "digest" | "invitation";
  relatedId?: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Hold until then (quiet hours). */
  notBefore?: Date;
}

/** Adds rows; an idempotency key already present is skipped, so writers can safely retry. */
export async function queueEmails(tx: Tx, emails: OutboxEmail[]): Promise<number> {
  if (emails.length === 0) return 0;
  const result = await tx.emailOutbox.createMany({
    data: emails.map((e) => ({
      idempotencyKey: e.idempotencyKey,
      organizationId: e.organizationId ?? null,
      userId: e.userId ?? null,
      kind: e.kind,
      relatedId: e.relatedId ?? null,
      toAddress: e.to,
      subject: e.subject,
      html: e.html,
      text: e.text,
      headers: (e.headers ?? {}) as Prisma.InputJsonValue,
      nextAttemptAt: e.notBefore ?? new Date(),
    })),
    skipDuplicates: true,
  });
  return result.count;
}

export const messageIdFor = (idempotencyKey: string) =>
  `<${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 40)}@fleet-portal>`;

/** 30 s, 1 min, 2 min … capped at an hour. */
const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);

interface ClaimedRow {
  id: string;
  idempotencyKey: string;
  toAddress: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string> | null;
  attempts: number;
}

async function claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
  return db().$queryRaw<ClaimedRow[]>`
    UPDATE "EmailOutbox" SET state = 'sending', attempts = attempts + 1, "lockedUntil" = ${new Date(now.getTime() + leaseMs)}
    WHERE id IN (
      SELECT id FROM "EmailOutbox"
      WHERE state IN ('pending', 'sending') AND "nextAttemptAt" <= ${now}
        AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now})
      ORDER BY "nextAttemptAt" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, "idempotencyKey", "toAddress", subject, html, text, headers, attempts`;
}

export interface DispatchReport {
  sent: number;
  retrying: number;
  failed: number;
}

export async function dispatchDueEmails(
  options: { now?: Date; limit?: number; leaseMs?: number; transport?: MailTransport | null } = {},
): Promise<DispatchReport> {
  const now = options.now ?? new Date();
  const transport = options.transport === undefined ? smtpTransport() : options.transport;
  const report: DispatchReport = { sent: 0, retrying: 0, failed: 0 };
  if (!transport) return report; // No SMTP configured: rows wait, nothing is lost.
  const rows = await claimDue(now, options.limit ?? 50, options.leaseMs ?? LEASE_MS);
  const limit = pLimit(SEND_CONCURRENCY);
  await Promise.all(rows.map((row) => limit(() => sendOne(transport, row, now, report))));
  return report;
}

async function sendOne(transport: MailTransport, row: ClaimedRow, now: Date, report: DispatchReport): Promise<void> {
  try {
    const info = await transport.send({
      from: env().EMAIL_FROM,
      to: row.toAddress,
      subject: row.subject,
      html: row.html,
      text: row.text,
      messageId: messageIdFor(row.idempotencyKey),
      headers: row.headers ?? {},
    });
    await db().emailOutbox.update({
      where: { id: row.id },
      data: { state: "sent", sentAt: new Date(), messageId: info.messageId, lockedUntil: null, lastError: null },
    });
    report.sent++;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = isPermanentFailure(error) || row.attempts >= MAX_ATTEMPTS;
    await db().emailOutbox.update({
      where: { id: row.id },
      data: permanent
        ? { state: "failed", lastError: message.slice(0, 500), lockedUntil: null }
        : {
            state: "pending",
            lastError: message.slice(0, 500),
            lockedUntil: null,
            nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
          },
    });
    if (permanent) report.failed++;
    else report.retrying++;
  }
}

/** Failed emails of an organisation, newest first, for its admins. */
export async function failedEmails(organizationId: string) {
  return db().emailOutbox.findMany({
    where: { organizationId, state: "failed" },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, kind: true, toAddress: true, subject: true, attempts: true, lastError: true, createdAt: true },
  });
}
