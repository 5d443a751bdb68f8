// Small deterministic WAV files (8 kHz, 16-bit mono PCM): band-limited noise following the level.
import { prng } from "./rng.js";

const WAV_SAMPLE_RATE = 8000;
const MAX_WAV_SECONDS = 10;

/** `levels` holds one dB level per second; the loudness of each second follows it. */
export function makeWav(seedHash: number, levels: number[]): Buffer {
  const seconds = Math.max(1, Math.min(MAX_WAV_SECONDS, levels.length));
  const n = seconds * WAV_SAMPLE_RATE;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write("RIFF", 0, "ascii");
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write("WAVE", 8, "ascii");
  buf.write("fmt ", 12, "ascii");
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(WAV_SAMPLE_RATE, 24);
  buf.writeUInt32LE(WAV_SAMPLE_RATE * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36, "ascii");
  buf.writeUInt32LE(n * 2, 40);
  const next = prng(seedHash);
  let lp = 0;
  for (let i = 0; i < n; i++) {
    const level = levels[Math.floor(i / WAV_SAMPLE_RATE)] ?? 50;
    const amp = Math.min(0.9, Math.pow(10, (level - 100) / 20) * 4);
    lp = lp * 0.85 + (next() * 2 - 1) * 0.15; // low-passed noise: a rumble
    const tone = Math.sin((2 * Math.PI * 180 * i) / WAV_SAMPLE_RATE) * 0.2;
    const v = Math.max(-1, Math.min(1, (lp * 3 + tone) * amp));
    buf.writeInt16LE(Math.round(v * 32767), 44 + i * 2);
  }
  return buf;
}
