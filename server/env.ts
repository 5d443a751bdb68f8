/**
 * The only reader of process.env. Values are validated once, lazily, so that
 * `next build` and tooling can import server modules without a database.
 *
 * Secrets are required in production. Elsewhere, absent ones are made up for
 * the life of the process; `npm run dev` persists them in .data/ (see
 * scripts/lib/dev-secrets.ts) so sessions and encrypted keys survive restarts.
 * No file access here: Next bundles this module, and traced fs calls make the
 * dev server watch (and rebuild on) every file under the project.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(32).optional(),
  /** 32-byte key (base64) for AES-256-GCM encryption of tenant secrets. */
  ENCRYPTION_KEY: z.string().optional(),
  ENCRYPTION_KEY_ID: z.string().min(1).default("k1"),
  PUBLIC_URL: z.string().url().optional(),
  MYCIRRUS_DEFAULT_BASE_URL: z.string().url().default("https://api.mycirrus.cloud/v1"),
  SIMULATOR_URL: z.string().url().optional(),
  /** Extra MyCirrus base URLs an admin may choose (comma-separated), e.g. a staging API. */
  MYCIRRUS_EXTRA_BASE_URLS: z.string().default(""),
  /**
   * The MyCirrus client's own limits per organisation (defaults in server/mycirrus/options.ts):
   * requests per second and burst of the shared token bucket (0 = no limit of ours), requests in
   * flight per process, attempts per call, and the first backoff step.
   */
  MYCIRRUS_RATE_PER_SECOND: z.coerce.number().min(0).optional(),
  MYCIRRUS_BURST: z.coerce.number().min(0).optional(),
  MYCIRRUS_CONCURRENCY: z.coerce.number().int().min(1).optional(),
  MYCIRRUS_MAX_ATTEMPTS: z.coerce.number().int().min(1).optional(),
  MYCIRRUS_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(0).optional(),
  /** smtp(s)://user:pass@host:port. Without it in development, the dev orchestrator's local mailbox is used. */
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().default("Fleet Portal <alerts@fleet-portal.local>"),
  /** Where `npm run dev` keeps its database and secrets (default: a per-checkout folder in ~/.local/share). */
  PORTAL_DEV_DATA_DIR: z.string().optional(),
  /** Dev-only: the local mailbox's HTTP API, for the /dev/mail page. */
  MAILBOX_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Map tiles for the fleet map, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty = markers on a plain background. */
  MAP_TILE_URL: z.string().default(""),
  MAP_TILE_ATTRIBUTION: z.string().default(""),
});

export type Env = z.infer<typeof schema> & {
  DATABASE_URL: string;
  AUTH_SECRET: string;
  ENCRYPTION_KEY: string;
};

let cached: Env | undefined;

let ephemeral: { AUTH_SECRET: string; ENCRYPTION_KEY: string } | undefined;

export function generateSecrets(): { AUTH_SECRET: string; ENCRYPTION_KEY: string } {
  return { AUTH_SECRET: randomBytes(32).toString("base64url"), ENCRYPTION_KEY: randomBytes(32).toString("base64") };
}

function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  const missing: string[] = [];
  let { AUTH_SECRET, ENCRYPTION_KEY } = value;
  if (!AUTH_SECRET || !ENCRYPTION_KEY) {
    if (value.NODE_ENV === "production") {
      if (!AUTH_SECRET) missing.push("AUTH_SECRET (at least 32 characters)");
      if (!ENCRYPTION_KEY) missing.push("ENCRYPTION_KEY (32 bytes, base64)");
    } else {
      ephemeral ??= generateSecrets();
      const generated = ephemeral;
      AUTH_SECRET ??= generated.AUTH_SECRET;
      ENCRYPTION_KEY ??= generated.ENCRYPTION_KEY;
    }
  }
  if (value.NODE_ENV === "production" && !value.PUBLIC_URL)
    missing.push(
      "PUBLIC_URL (where users reach the portal, e.g. https://portal.example.com: links in emails, webhooks)",
    );
  if (!value.DATABASE_URL) missing.push("DATABASE_URL (postgresql://…; `npm run dev` starts an embedded one)");
  if (missing.length > 0) throw new Error(`Missing environment variables:\n  ${missing.join("\n  ")}`);
  if (Buffer.from(ENCRYPTION_KEY!, "base64").length !== 32) {
    throw new Error("ENCRYPTION_KEY must be 32 bytes encoded as base64");
  }
  return { ...value, DATABASE_URL: value.DATABASE_URL!, AUTH_SECRET: AUTH_SECRET!, ENCRYPTION_KEY: ENCRYPTION_KEY! };
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Raw environment for child processes started by scripts (dev orchestrator, tests). */
export function processEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}

/**
 * Scripts (dev orchestrator, e2e server, seeds) start databases and servers
 * before the app's settings are known; they set them here, never by writing
 * process.env themselves, so child processes inherit one coherent environment.
 */
export function configureEnv(overrides: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  cached = undefined;
}

/** Settings readable before DATABASE_URL exists (no secrets generated, nothing required). */
export function bootSettings() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  return parsed.data;
}
