/**
 * An organisation's connection to MyCirrus: its API key (sealed at rest, never
 * returned), the base URL it talks to, and what the key may do. Every other
 * service reaches MyCirrus through `withMyCirrus`, which builds the client with
 * this organisation's key and turns gateway errors into AppErrors.
 */
import { Prisma } from "@/server/db/generated/client";
import { MYCIRRUS_API_KEY_PURPOSE } from "@/server/crypto/purposes";
import { sealSecret, openSecret, SecretDecryptionError } from "@/server/crypto/secrets";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import {
  createMyCirrusClient,
  isMyCirrusError,
  probeCapabilities,
  type Capabilities,
  type MyCirrusClient,
  type MyCirrusError,
  type MyCirrusOptions,
} from "@/server/mycirrus";
import { recordAudit } from "@/server/services/audit";

export interface BaseUrlChoice {
  url: string;
  label: string;
}

/**
 * Only these base URLs may be chosen: letting a tenant point the server at any
 * URL would let it probe the portal's internal network with our requests.
 */
export function allowedBaseUrls(): BaseUrlChoice[] {
  const e = env();
  const choices: BaseUrlChoice[] = [{ url: e.MYCIRRUS_DEFAULT_BASE_URL, label: "MyCirrus" }];
  if (e.SIMULATOR_URL) choices.push({ url: e.SIMULATOR_URL, label: "MyCirrus simulator (demo data)" });
  for (const url of e.MYCIRRUS_EXTRA_BASE_URLS.split(",")
    .map((u) => u.trim())
    .filter(Boolean)) {
    choices.push({ url, label: url });
  }
  return choices.filter((c, i) => choices.findIndex((d) => d.url === c.url) === i);
}

function assertAllowed(baseUrl: string): void {
  if (!allowedBaseUrls().some((c) => c.url === baseUrl)) {
    throw new AppError("BAD_REQUEST", "Choose one of the offered MyCirrus addresses", { field: "baseUrl" });
  }
}

export interface ConnectionView {
  configured: boolean;
  baseUrl: string;
  baseUrlLabel: string;
  last4: string | null;
  status: "unchecked" | "valid" | "invalid" | null;
  capabilities: Capabilities | null;
  lastCheckedAt: Date | null;
  lastError: string | null;
  updatedAt: Date | null;
}

export async function getConnection(organizationId: string): Promise<ConnectionView> {
  const row = await db().myCirrusCredential.findUnique({ where: { organizationId } });
  const baseUrl = row?.baseUrl ?? env().MYCIRRUS_DEFAULT_BASE_URL;
  return {
    configured: Boolean(row),
    baseUrl,
    baseUrlLabel: allowedBaseUrls().find((c) => c.url === baseUrl)?.label ?? baseUrl,
    last4: row?.last4 ?? null,
    status: row?.status ?? null,
    capabilities: (row?.capabilities as Capabilities | null) ?? null,
    lastCheckedAt: row?.lastCheckedAt ?? null,
    lastError: row?.lastError ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** The client's limits from the settings; unset ones keep the defaults of server/mycirrus/options.ts. */
function clientOptions(): Partial<MyCirrusOptions> {
  const e = env();
  return {
    ratePerSecond: e.MYCIRRUS_RATE_PER_SECOND,
    burst: e.MYCIRRUS_BURST,
    concurrency: e.MYCIRRUS_CONCURRENCY,
    maxAttempts: e.MYCIRRUS_MAX_ATTEMPTS,
    retryBaseDelayMs: e.MYCIRRUS_RETRY_BASE_DELAY_MS,
  };
}

function clientFor(organizationId: string, baseUrl: string, apiKey: string): MyCirrusClient {
  return createMyCirrusClient({ organizationId, baseUrl, apiKey, options: clientOptions() });
}

function describeCheckFailure(capabilities: Capabilities): string | null {
  if (capabilities.key === "invalid")
    return "MyCirrus refused this key (401). It may have been revoked or have expired.";
  if (capabilities.key === "unknown") return "MyCirrus could not be reached to test the key.";
  return null;
}

/** Saves (or replaces) the key after testing it; a key MyCirrus refuses is not saved. */
export async function saveApiKey(
  organizationId: string,
  actorId: string,
  input: { apiKey: string; baseUrl?: string },
): Promise<ConnectionView> {
  const existing = await db().myCirrusCredential.findUnique({ where: { organizationId }, select: { baseUrl: true } });
  const baseUrl = input.baseUrl ?? existing?.baseUrl ?? env().MYCIRRUS_DEFAULT_BASE_URL;
  assertAllowed(baseUrl);
  const capabilities = await probeCapabilities(clientFor(organizationId, baseUrl, input.apiKey));
  if (capabilities.key === "invalid") {
    throw new AppError(
      "BAD_REQUEST",
      "MyCirrus did not accept this key. Check it in the MyCirrus API console and paste it again.",
      {
        field: "apiKey",
      },
    );
  }
  const sealed = sealSecret(input.apiKey, organizationId, MYCIRRUS_API_KEY_PURPOSE);
  const data = {
    baseUrl,
    keyCiphertext: sealed.ciphertext,
    keyId: sealed.keyId,
    last4: input.apiKey.slice(-4),
    status: capabilities.key === "valid" ? ("valid" as const) : ("unchecked" as const),
    capabilities: capabilities as unknown as Prisma.InputJsonValue,
    lastCheckedAt: new Date(),
    lastError: describeCheckFailure(capabilities),
  };
  await db().$transaction(async (tx) => {
    await tx.myCirrusCredential.upsert({
      where: { organizationId },
      create: { organizationId, createdById: actorId, ...data },
      update: data,
    });
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: existing ? "mycirrus.key_replaced" : "mycirrus.key_saved",
      targetType: "mycirrus",
      data: { last4: data.last4, baseUrl },
    });
  });
  return getConnection(organizationId);
}

async function loadKey(organizationId: string): Promise<{ baseUrl: string; apiKey: string; status: string }> {
  const row = await db().myCirrusCredential.findUnique({ where: { organizationId } });
  if (!row) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "No MyCirrus API key is set up for this organisation. An admin can add one in Settings.",
    );
  }
  try {
    return {
      baseUrl: row.baseUrl,
      apiKey: openSecret({ ciphertext: row.keyCiphertext, keyId: row.keyId }, organizationId, MYCIRRUS_API_KEY_PURPOSE),
      status: row.status,
    };
  } catch (error) {
    if (error instanceof SecretDecryptionError) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "The stored MyCirrus key can no longer be read (the encryption key changed). An admin must save it again.",
      );
    }
    throw error;
  }
}

export async function recheckConnection(organizationId: string, actorId: string): Promise<ConnectionView> {
  const { baseUrl, apiKey } = await loadKey(organizationId);
  const capabilities = await probeCapabilities(clientFor(organizationId, baseUrl, apiKey));
  await db().myCirrusCredential.update({
    where: { organizationId },
    data: {
      status: capabilities.key === "valid" ? "valid" : capabilities.key === "invalid" ? "invalid" : "unchecked",
      capabilities: capabilities as unknown as Prisma.InputJsonValue,
      lastCheckedAt: new Date(),
      lastError: describeCheckFailure(capabilities),
    },
  });
  await recordAudit(db(), {
    organizationId,
    actorId,
    action: "mycirrus.key_checked",
    targetType: "mycirrus",
    data: { key: capabilities.key },
  });
  return getConnection(organizationId);
}

export async function changeBaseUrl(organizationId: string, actorId: string, baseUrl: string): Promise<ConnectionView> {
  assertAllowed(baseUrl);
  const row = await db().myCirrusCredential.findUnique({ where: { organizationId }, select: { baseUrl: true } });
  if (!row) throw new AppError("PRECONDITION_FAILED", "Save an API key first; the address is stored with it.");
  if (row.baseUrl === baseUrl) return getConnection(organizationId);
  await db().$transaction(async (tx) => {
    await tx.myCirrusCredential.update({
      where: { organizationId },
      data: { baseUrl, status: "unchecked", capabilities: Prisma.DbNull },
    });
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "mycirrus.base_url_changed",
      targetType: "mycirrus",
      data: { from: row.baseUrl, to: baseUrl },
    });
  });
  return recheckConnection(organizationId, actorId);
}

/**
 * Deletes the organisation's key. Webhooks at MyCirrus must go first, while the
 * key still works: callers use the webhooks domain's `disconnectMyCirrus`,
 * which does both (this domain does not depend on webhooks).
 */
export async function removeApiKey(organizationId: string, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const deleted = await tx.myCirrusCredential.deleteMany({ where: { organizationId } });
    if (deleted.count === 0) throw new AppError("NOT_FOUND", "No MyCirrus key is set up");
    await recordAudit(tx, { organizationId, actorId, action: "mycirrus.key_removed", targetType: "mycirrus" });
  });
}

const UPSTREAM_MESSAGES: Partial<Record<MyCirrusError["kind"], string>> = {
  rate_limited: "MyCirrus is asking us to slow down. Try again in a moment.",
  server: "MyCirrus is having trouble right now. Try again in a moment.",
  timeout: "MyCirrus did not answer in time. Try again in a moment.",
  network: "MyCirrus could not be reached. Check the connection settings or try again later.",
  circuit_open: "MyCirrus has been failing for this organisation, so calls are paused briefly. Try again in a minute.",
  invalid_response: "MyCirrus sent an answer the portal could not read safely.",
};

/** The gateway's error as the portal's, marking the key invalid on a 401. */
async function translate(organizationId: string, error: MyCirrusError): Promise<AppError> {
  switch (error.kind) {
    case "unauthorized":
      await db().myCirrusCredential.updateMany({
        where: { organizationId },
        data: {
          status: "invalid",
          lastError: "MyCirrus refused this key (401). It may have been revoked or have expired.",
          lastCheckedAt: new Date(),
        },
      });
      return new AppError(
        "PRECONDITION_FAILED",
        "MyCirrus refused this organisation's API key. An admin needs to save a new one in Settings.",
        { cause: error },
      );
    case "forbidden":
      return new AppError(
        "FORBIDDEN",
        error.missingScope
          ? `This organisation's MyCirrus key does not have the "${error.missingScope}" permission.`
          : "This organisation's MyCirrus key is not allowed to do that.",
        { cause: error },
      );
    case "not_found":
      return new AppError("NOT_FOUND", "MyCirrus does not know that item for this organisation's key.", {
        cause: error,
      });
    case "bad_request":
      return new AppError("BAD_REQUEST", error.upstreamDescription ?? "MyCirrus refused the request.", {
        cause: error,
      });
    default:
      return new AppError("UPSTREAM_ERROR", UPSTREAM_MESSAGES[error.kind] ?? "MyCirrus could not answer.", {
        cause: error,
      });
  }
}

/** Runs `fn` with this organisation's client; the only way services reach MyCirrus. */
export async function withMyCirrus<T>(organizationId: string, fn: (client: MyCirrusClient) => Promise<T>): Promise<T> {
  const { baseUrl, apiKey, status } = await loadKey(organizationId);
  try {
    const result = await fn(clientFor(organizationId, baseUrl, apiKey));
    if (status === "invalid") {
      // The key works again (e.g. re-enabled in the console): say so.
      await db().myCirrusCredential.updateMany({
        where: { organizationId },
        data: { status: "valid", lastError: null },
      });
    }
    return result;
  } catch (error) {
    if (isMyCirrusError(error)) throw await translate(organizationId, error);
    throw error;
  }
}
