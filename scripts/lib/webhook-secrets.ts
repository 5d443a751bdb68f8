/**
 * The webhook signing secrets stored (sealed) in a database, opened, for the
 * secret scan's list (see known-secrets.ts). Read with plain `pg` so that a
 * test file's own Prisma pool is left alone. Rows this process cannot open
 * (another ENCRYPTION_KEY, or sealed for another organisation) are skipped.
 */
import pg from "pg";
import { openSecret } from "@/server/crypto/secrets";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/crypto/purposes";
import type { KnownSecret } from "./known-secrets";

export async function webhookSecretsIn(databaseUrl: string): Promise<KnownSecret[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      organizationId: string;
      remoteId: string;
      secretCiphertext: string;
      secretKeyId: string;
    }>(`SELECT "organizationId", "remoteId", "secretCiphertext", "secretKeyId" FROM "WebhookRegistration"`);
    const out: KnownSecret[] = [];
    for (const r of rows) {
      try {
        out.push({
          name: `webhook secret of ${r.remoteId}`,
          value: openSecret(
            { ciphertext: r.secretCiphertext, keyId: r.secretKeyId },
            r.organizationId,
            WEBHOOK_SECRET_PURPOSE,
          ),
        });
      } catch {
        // Not ours to open: nothing this process could have printed either.
      }
    }
    return out;
  } finally {
    await client.end();
  }
}
