// Opaque but decodable ids for events, time histories and audio recordings.
import { hexFrom } from "./rng.js";

export type IdKind = "th" | "ea" | "rec";

export function encodeId(seed: string, kind: IdKind, serial: string, key: string): string {
  const payload = Buffer.from(`${kind}|${serial}|${key}`, "utf8").toString("base64url");
  return `${payload}-${hexFrom(`${seed}|${kind}|${serial}|${key}`, 10)}`;
}

export function decodeId(seed: string, kind: IdKind, id: string): { serial: string; key: string } | null {
  const dash = id.lastIndexOf("-");
  if (dash <= 0) return null;
  let text: string;
  try {
    text = Buffer.from(id.slice(0, dash), "base64url").toString("utf8");
  } catch {
    return null;
  }
  const [k, serial, key, ...rest] = text.split("|");
  if (k !== kind || !serial || !key || rest.length) return null;
  if (encodeId(seed, kind, serial, key) !== id) return null;
  return { serial, key };
}
