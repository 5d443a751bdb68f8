/**
 * Tenant secrets at rest: AES-256-GCM with a random 96-bit IV, the owning
 * organisation's id as associated data (a ciphertext copied to another
 * organisation's row does not decrypt), and a key id for rotation.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/server/env";

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedSecret {
  ciphertext: string;
  keyId: string;
}

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

function keyFor(keyId: string): Buffer {
  const { ENCRYPTION_KEY, ENCRYPTION_KEY_ID } = env();
  if (keyId !== ENCRYPTION_KEY_ID) {
    throw new SecretDecryptionError(`This secret was encrypted with key "${keyId}", which is not configured`);
  }
  return Buffer.from(ENCRYPTION_KEY, "base64");
}

const aad = (organizationId: string, purpose: string) => Buffer.from(`${purpose}:${organizationId}`, "utf8");

export function sealSecret(plaintext: string, organizationId: string, purpose: string): SealedSecret {
  const keyId = env().ENCRYPTION_KEY_ID;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(keyId), iv);
  cipher.setAAD(aad(organizationId, purpose));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { ciphertext: Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64"), keyId };
}

export function openSecret(sealed: SealedSecret, organizationId: string, purpose: string): string {
  const raw = Buffer.from(sealed.ciphertext, "base64");
  if (raw.length < IV_BYTES + TAG_BYTES + 1) throw new SecretDecryptionError("Stored secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(sealed.keyId), raw.subarray(0, IV_BYTES));
  decipher.setAAD(aad(organizationId, purpose));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    // Wrong organisation, wrong key or tampered bytes: GCM cannot tell which, and neither do we.
    throw new SecretDecryptionError("Stored secret could not be decrypted for this organisation");
  }
}
