// Times GET /v1/control/instruments on a 5,000-instrument fleet: npx tsx bench/simulator-instruments.ts [N]
import { DEMO_API_KEY } from "../simulator/fixtures.js";
import { startSimulator } from "../simulator/server.js";

const runs = Number(process.argv[2] ?? 50);
const sim = await startSimulator({ fleetSize: 5000, ratePerSecond: 0, clockSpeed: 0 });
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < runs + 3; i++) {
  const t = performance.now();
  const res = await fetch(`${sim.apiUrl}/control/instruments`, { headers: { "X-Api-Key": DEMO_API_KEY } });
  const body = await res.arrayBuffer();
  const took = performance.now() - t;
  if (i >= 3) times.push(took); // warm-up excluded
  bytes = body.byteLength;
}
await sim.close();
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.log(
  `5,000 instruments, ${runs} requests, ${bytes} bytes each: median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`,
);
