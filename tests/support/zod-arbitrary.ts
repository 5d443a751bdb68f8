/**
 * A fast-check arbitrary of values shaped like a zod (v4) schema: objects with their keys,
 * strings within their lengths and formats, numbers within their bounds, enum members. Most
 * values it gives pass the schema; refinements it cannot see (a slug's rules, "to after from")
 * may still fail, so callers check with the schema itself. `hints` gives the values of keys
 * that only make sense with a real value (an organisation's slug, a URL that answers).
 * For the tRPC fuzz suite (tests/integration/fuzz-trpc.test.ts): inputs that reach a handler.
 */
import fc from "fast-check";
import type { ZodType } from "zod";

type Hints = Record<string, fc.Arbitrary<unknown>>;

interface Def {
  type: string;
  [key: string]: unknown;
}
interface Check {
  check: string;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Check[] =>
  ((def.checks as Array<{ _zod: { def: Check } }> | undefined) ?? []).map((c) => c._zod.def);
const SPAN = { min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true };

function lengths(checks: Check[], fallbackMax: number): { minLength: number; maxLength: number } {
  let minLength = 0;
  let maxLength = fallbackMax;
  for (const c of checks) {
    if (c.check === "min_length") minLength = c.minimum as number;
    if (c.check === "max_length") maxLength = Math.min(maxLength, c.maximum as number);
    if (c.check === "length_equals") minLength = maxLength = c.length as number;
  }
  return { minLength, maxLength: Math.max(minLength, maxLength) };
}

function stringArbitrary(def: Def): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const formats = [def, ...checks].filter((c) => typeof c.format === "string");
  const { minLength, maxLength } = lengths(checks, 40);
  for (const f of formats) {
    if (f.format === "email") return fc.emailAddress();
    if (f.format === "uuid" || f.format === "guid") return fc.uuid();
    if (f.format === "url") return fc.constantFrom("https://example.test/", "http://127.0.0.1:9/");
    if (f.format === "datetime") return fc.date(SPAN).map((d) => d.toISOString());
    if (f.pattern instanceof RegExp) return fc.stringMatching(f.pattern, { size: "small" });
  }
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min = -1_000_000;
  let max = 1_000_000;
  let integer = false;
  for (const c of checksOf(def)) {
    if (c.check === "greater_than") min = Math.max(min, (c.value as number) + (c.inclusive ? 0 : 1e-6));
    if (c.check === "less_than") max = Math.min(max, (c.value as number) - (c.inclusive ? 0 : 1e-6));
    if (c.check === "number_format" && String(c.format).includes("int")) integer = true;
  }
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

export function arbitraryFor(schema: unknown, hints: Hints = {}, key?: string): fc.Arbitrary<unknown> {
  if (key !== undefined && hints[key]) return hints[key]!;
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return stringArbitrary(def);
    case "number":
      return numberArbitrary(def);
    case "int":
      return fc.integer({ min: -1000, max: 1000 });
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.date(SPAN);
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "object": {
      const shape = def.shape as Record<string, unknown>;
      const entries = Object.entries(shape).map(([k, v]) => [k, arbitraryFor(v, hints, k)] as const);
      const required = Object.entries(shape)
        .filter(([, v]) => !["optional", "default", "prefault"].includes(defOf(v).type))
        .map(([k]) => k);
      return fc.record(Object.fromEntries(entries), { requiredKeys: required });
    }
    case "optional":
    case "default":
    case "prefault":
      return fc.option(arbitraryFor(def.innerType, hints, key), { nil: undefined, freq: 3 });
    case "nullable":
      return fc.option(arbitraryFor(def.innerType, hints, key), { nil: null, freq: 3 });
    case "nonoptional":
    case "readonly":
    case "catch":
      return arbitraryFor(def.innerType, hints, key);
    case "array": {
      const { minLength, maxLength } = lengths(checksOf(def), 4);
      return fc.array(arbitraryFor(def.element, hints), { minLength, maxLength: Math.min(maxLength, minLength + 4) });
    }
    case "tuple":
      return fc.tuple(...(def.items as unknown[]).map((item) => arbitraryFor(item, hints)));
    case "union":
      return fc.oneof(...(def.options as unknown[]).map((option) => arbitraryFor(option, hints, key)));
    case "record":
      return fc.dictionary(
        arbitraryFor(def.keyType, hints) as fc.Arbitrary<string>,
        arbitraryFor(def.valueType, hints),
        { maxKeys: 3 },
      );
    case "pipe":
      return arbitraryFor(def.in, hints, key);
    case "lazy":
      return arbitraryFor((def.getter as () => unknown)(), hints, key);
    default:
      // transform, custom, any, unknown, …: anything at all, for the schema to judge.
      return fc.anything();
  }
}

/** A tRPC procedure's input: its chained input schemas (objects merge, as tRPC merges them). */
export function inputArbitrary(inputs: readonly ZodType[], hints: Hints = {}): fc.Arbitrary<unknown> {
  if (inputs.length === 0) return fc.constant(undefined);
  if (inputs.length === 1) return arbitraryFor(inputs[0], hints);
  return fc
    .tuple(...inputs.map((schema) => arbitraryFor(schema, hints)))
    .map((parts) => Object.assign({}, ...parts.map((p) => (p && typeof p === "object" ? p : {}))));
}
