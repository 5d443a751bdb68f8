/** Small helpers shared by the reliability scenarios. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something truthy; throws with `what` after the timeout. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const median = (values: number[]) => percentile(values, 50);

/** What a scenario hands back: PASS/FAIL, the figures, and the checks that failed (with why). */
export interface ScenarioResult {
  name: string;
  pass: boolean;
  figures: Record<string, string | number>;
  failures: string[];
  notes: string[];
  durationMs: number;
}

/** Collects figures and checks while a scenario runs. */
export class Recorder {
  readonly figures: Record<string, string | number> = {};
  readonly failures: string[] = [];
  readonly notes: string[] = [];
  constructor(readonly name: string) {}

  figure(key: string, value: string | number): void {
    this.figures[key] = value;
    console.log(`  [${this.name}] ${key}: ${value}`);
  }

  check(ok: boolean, message: string): boolean {
    console.log(`  [${this.name}] ${ok ? "ok  " : "FAIL"} ${message}`);
    if (!ok) this.failures.push(message);
    return ok;
  }

  note(message: string): void {
    console.log(`  [${this.name}] note: ${message}`);
    this.notes.push(message);
  }

  log(message: string): void {
    console.log(`  [${this.name}] ${message}`);
  }
}

/** Counts of each value, e.g. `{ "503": 4, "200": 12 }`. */
export function tally<T extends string | number>(values: T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

export const fmt = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}×${v}`)
    .join(", ") || "none";
