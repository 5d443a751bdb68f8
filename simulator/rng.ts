// Deterministic hashing: every generated number is a pure function of (seed, serial, stream, index).

/** FNV-1a 32-bit hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform number in [0, 1) from a key, a stream id and an integer index (up to 2^53). */
export function rand(key: number, stream: number, n: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 4294967296) >>> 0;
  let h = fmix((key ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
  h = fmix((h ^ lo) >>> 0);
  h = fmix((h + Math.imul(hi ^ 0x27d4eb2f, 0x165667b1)) >>> 0);
  return h / 4294967296;
}

/** Symmetric noise in [-1, 1). */
export function srand(key: number, stream: number, n: number): number {
  return rand(key, stream, n) * 2 - 1;
}

/** Small seeded PRNG (mulberry32) for sequential streams such as audio samples. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic hex string derived from a text (for ids and secrets). */
export function hexFrom(text: string, length: number): string {
  let out = "";
  let h = hashString(text);
  let i = 0;
  while (out.length < length) {
    h = fmix((h + Math.imul(++i, 0x9e3779b1)) >>> 0);
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
export const round4 = (x: number): number => Math.round(x * 10000) / 10000;
