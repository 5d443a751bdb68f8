/**
 * Tolerance rules from the API reference (section 10), as small zod building
 * blocks. The real API's docs contradict themselves in places (key casing,
 * `time` vs `startTime`, flat vs listed values, zone-less timestamps); we accept
 * every documented variant and reject anything else, so a wrong guess surfaces
 * as invalid_response instead of silently wrong data.
 */
import { z } from "zod";

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 date-time; no zone means UTC (the audio list omits the Z). Fractions beyond ms are cut. */
export function parseTimestamp(text: string): Date | null {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [, date, time, frac = "", zone = "Z"] = m;
  const ms = Date.parse(`${date}T${time}${frac.slice(0, 4)}${zone.toUpperCase()}`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A date-time string parsed to a Date. */
export const zTime = z.string().transform((v, ctx) => {
  const d = parseTimestamp(v);
  if (!d) {
    ctx.addIssue({ code: "custom", message: `not an ISO 8601 date-time: ${JSON.stringify(v.slice(0, 40))}`, input: v });
    return z.NEVER;
  }
  return d;
});

/** Optional fields come back as null, never undefined, so consumers have one "absent" to test. */
export const zNum = z
  .number()
  .nullish()
  .transform((v) => v ?? null);
export const zStr = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
export const zTimeOpt = zTime.nullish().transform((v) => v ?? null);

/**
 * Re-spells keys that match a declared key case-insensitively (`Time` → `time`,
 * `_500hz` → `_500Hz`), leaving others as they are. Validation errors then name
 * the documented field.
 */
function matchKeys(raw: unknown, declared: readonly string[]): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const byLower = new Map(declared.map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const canonical = byLower.get(k.toLowerCase()) ?? k;
    if (!(canonical in out) || canonical === k) out[canonical] = v;
  }
  return out;
}

/** A loose object whose declared keys are matched in any casing. */
export function ciObject<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((raw) => matchKeys(raw, Object.keys(shape)), z.looseObject(shape));
}

/** The docs name the record time `time` on some endpoints and `startTime` on others; accept either. */
export function pickTime(r: { time?: Date | null; startTime?: Date | null }, ctx: z.RefinementCtx): Date | null {
  const t = r.startTime ?? r.time ?? null;
  if (!t)
    ctx.addIssue({
      code: "custom",
      message: "missing time (expected `startTime` or `time`)",
      path: ["startTime"],
      input: r,
    });
  return t;
}

/** Noise value names as the docs spell them; requests and answers are matched case-insensitively. */
export const NOISE_VALUE_NAMES = [
  "LAeq",
  "LCeq",
  "LZeq",
  "LAE",
  "LCE",
  "LZE",
  "LEX8",
  "LAPeak",
  "LCPeak",
  "LZPeak",
  "LAFMax",
  "LASMax",
  "LAIMax",
  "LCFMax",
  "LCSMax",
  "LCIMax",
  "LZFMax",
  "LZSMax",
  "LZIMax",
  "LAF1",
  "LAF5",
  "LAF10",
  "LAF50",
  "LAF90",
  "LAF95",
  "LAF99",
  "LeqT1Max",
  "LeqT2Max",
] as const;

const CANONICAL = new Map<string, string>(NOISE_VALUE_NAMES.map((n) => [n.toLowerCase(), n]));

/** `LAFmax` → `LAFMax`; unknown names are kept as they are (the API may add some). */
export function canonicalValueName(name: string): string {
  return CANONICAL.get(name.toLowerCase()) ?? name;
}

export const isKnownValueName = (name: string) => CANONICAL.has(name.toLowerCase());
