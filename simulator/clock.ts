// The simulator clock: real time, accelerated, paused (speed 0) or set/advanced explicitly.
// Timers scheduled on it fire when *simulated* time reaches them, in due order.

export interface ClockTimer {
  cancel(): void;
}

interface Pending {
  at: number;
  seq: number;
  fn: (dueAt: number) => void;
  cancelled: boolean;
}

export class SimClock {
  private anchorReal: number;
  private anchorSim: number;
  private currentSpeed: number;
  private timers: Pending[] = [];
  private seq = 0;
  private listeners = new Set<(now: number) => void>();
  private interval: NodeJS.Timeout | null;
  private ticking = false;

  constructor(startMs: number, speed: number, tickMs = 20) {
    this.anchorReal = performance.now();
    this.anchorSim = Math.floor(startMs);
    this.currentSpeed = speed;
    this.interval = setInterval(() => this.tick(), tickMs);
    this.interval.unref();
  }

  now(): number {
    return Math.floor(this.anchorSim + (performance.now() - this.anchorReal) * this.currentSpeed);
  }

  get speed(): number {
    return this.currentSpeed;
  }

  set(ms: number): void {
    this.anchorSim = Math.floor(ms);
    this.anchorReal = performance.now();
    this.tick();
  }

  advance(ms: number): void {
    this.set(this.now() + Math.max(0, ms));
  }

  setSpeed(speed: number): void {
    this.anchorSim = this.now();
    this.anchorReal = performance.now();
    this.currentSpeed = Math.max(0, speed);
  }

  /** Run fn when simulated time reaches `at` (immediately at the next tick if already past). */
  schedule(at: number, fn: (dueAt: number) => void): ClockTimer {
    const p: Pending = { at, seq: this.seq++, fn, cancelled: false };
    this.timers.push(p);
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return {
      cancel: () => {
        p.cancelled = true;
      },
    };
  }

  /** Run fn after `delayMs` of simulated time. */
  after(delayMs: number, fn: (dueAt: number) => void): ClockTimer {
    return this.schedule(this.now() + delayMs, fn);
  }

  /** Called on every tick with the current simulated time (after due timers ran). */
  onTick(fn: (now: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.now();
      // Timers may schedule further timers; keep going while something is due.
      for (let guard = 0; guard < 100_000; guard++) {
        const next = this.timers[0];
        if (!next || next.at > now) break;
        this.timers.shift();
        if (next.cancelled) continue;
        try {
          next.fn(next.at);
        } catch (err) {
          console.error("[simulator] timer failed", err);
        }
      }
      for (const l of this.listeners) {
        try {
          l(now);
        } catch (err) {
          console.error("[simulator] tick listener failed", err);
        }
      }
    } finally {
      this.ticking = false;
    }
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    this.timers = [];
    this.listeners.clear();
  }
}
