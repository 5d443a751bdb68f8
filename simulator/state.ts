// The whole mutable state of one simulator instance: clock, accounts, instruments, keys, webhooks, knobs.
import { EventEmitter } from "node:events";
import { SimClock } from "./clock.js";
import { bulkSpec, defaultFleetSpecs, makeInstrument, serialFor, type InstrumentSpec } from "./fleet.js";
import { ALL_SCOPES, DEFAULT_ACCOUNT_ID, FIXTURE_KEYS, OTHER_ACCOUNT_ID, OTHER_ACCOUNT_SERIALS } from "./fixtures.js";
import { hexFrom } from "./rng.js";
import type { Account, ApiKey, Instrument, Webhook } from "./types.js";

export interface SimulatorConfig {
  seed: string;
  fleetSize: number;
  clockSpeed: number;
  startTime: number;
  ratePerSecond: number;
  burst: number;
  calibrationDelayMs: number;
  sicDelayMs: number;
  retryDelaysMs: number[];
  webhookTimeoutMs: number;
  generatedOutages: boolean;
}

export type FaultMode = "429" | "500" | "503" | "timeout" | "malformed";

export interface Fault {
  mode: FaultMode;
  remaining: number | null; // null: until cleared
  retryAfter: number;
  hangMs: number;
}

export interface StateEvents {
  status: [serial: string];
  action: [serial: string, message: Record<string, unknown>];
}

export class SimState {
  readonly clock: SimClock;
  readonly accounts = new Map<string, Account>();
  readonly instruments = new Map<string, Instrument>();
  readonly keys = new Map<string, ApiKey>();
  readonly webhooks = new Map<string, Webhook>();
  readonly faults = new Map<string, Fault>();
  readonly bus = new EventEmitter<StateEvents>();
  ratePerSecond: number;
  burst: number;
  calibrationDelayMs: number;
  sicDelayMs: number;
  retryDelaysMs: number[];
  webhookTimeoutMs: number;
  private serialCounter = 100000;
  private accountCounter = 0;
  private idCounter = 0;

  constructor(readonly config: SimulatorConfig) {
    this.clock = new SimClock(config.startTime, config.clockSpeed);
    this.bus.setMaxListeners(0);
    this.ratePerSecond = config.ratePerSecond;
    this.burst = config.burst;
    this.calibrationDelayMs = config.calibrationDelayMs;
    this.sicDelayMs = config.sicDelayMs;
    this.retryDelaysMs = [...config.retryDelaysMs];
    this.webhookTimeoutMs = config.webhookTimeoutMs;
    const now0 = config.startTime;

    const specs: InstrumentSpec[] = defaultFleetSpecs(now0).slice(0, Math.max(0, config.fleetSize));
    for (let i = specs.length + 1; i <= config.fleetSize; i++) {
      const prefix = i % 25 === 0 ? "AQ" : i % 40 === 0 ? "VB" : "QT";
      specs.push(bulkSpec(config.seed, serialFor(prefix, 800000 + i), i));
    }
    this.addAccount(DEFAULT_ACCOUNT_ID, "Demo", specs);
    this.addAccount(
      OTHER_ACCOUNT_ID,
      "Other",
      OTHER_ACCOUNT_SERIALS.map((serial, i) => ({ serial, name: `Other site ${i + 1}` })),
    );
    for (const k of FIXTURE_KEYS) {
      this.keys.set(k.key, {
        key: k.key,
        accountId: k.accountId,
        scopes: new Set(k.scopes),
        expired: k.expired,
        label: k.label,
      });
    }
  }

  get seed(): string {
    return this.config.seed;
  }

  now(): number {
    return this.clock.now();
  }

  addAccount(id: string, name: string, specs: InstrumentSpec[]): Account {
    const account: Account = { id, name, serials: [] };
    this.accounts.set(id, account);
    for (const spec of specs) this.addInstrument(id, spec);
    return account;
  }

  /** Create an account with n generated instruments and an all-scopes key. */
  createAccount(name: string | undefined, count: number): { account: Account; key: ApiKey } {
    const n = ++this.accountCounter;
    const id = `acc-${n}`;
    const specs: InstrumentSpec[] = [];
    for (let i = 0; i < count; i++) {
      const serial = this.nextSerial("QT");
      specs.push(bulkSpec(this.seed, serial, i));
      specs[i]!.type = "Noise";
    }
    const account = this.addAccount(id, name ?? `Account ${n}`, specs);
    const key = this.createKey(id, [...ALL_SCOPES], false, "all scopes");
    return { account, key };
  }

  nextSerial(prefix: string): string {
    let serial: string;
    do serial = serialFor(prefix, ++this.serialCounter);
    while (this.instruments.has(serial));
    return serial;
  }

  addInstrument(accountId: string, spec: InstrumentSpec): Instrument {
    const inst = makeInstrument(this.seed, spec, accountId, this.config.startTime);
    if (!this.config.generatedOutages) inst.profile.flaky = false;
    this.instruments.set(inst.serial, inst);
    this.accounts.get(accountId)!.serials.push(inst.serial);
    return inst;
  }

  /** Add an instrument while the simulator runs: installed "now" unless the spec says otherwise. */
  addLiveInstrument(accountId: string, spec: InstrumentSpec): Instrument {
    const inst = this.addInstrument(accountId, spec);
    return inst;
  }

  createKey(accountId: string, scopes: string[], expired: boolean, label: string, key?: string): ApiKey {
    const n = 300000 + this.keys.size + 1;
    const k: ApiKey = {
      key: key ?? `mycirrus-${n}-${hexFrom(`${this.seed}/key/${n}/${accountId}`, 16).toUpperCase()}`,
      accountId,
      scopes: new Set(scopes),
      expired,
      label,
    };
    this.keys.set(k.key, k);
    return k;
  }

  /** An instrument of the key's account, or null (other accounts' serials are invisible). */
  instrumentFor(accountId: string, serial: string): Instrument | null {
    const inst = this.instruments.get(serial) ?? this.instruments.get(serial.toUpperCase());
    return inst && inst.accountId === accountId ? inst : null;
  }

  accountInstruments(accountId: string): Instrument[] {
    const acc = this.accounts.get(accountId);
    if (!acc) return [];
    return acc.serials.map((s) => this.instruments.get(s)!);
  }

  nextId(kind: string, length = 12): string {
    return hexFrom(`${this.seed}/${kind}/${++this.idCounter}`, length);
  }

  nextUuid(): string {
    const h = hexFrom(`${this.seed}/uuid/${++this.idCounter}`, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  dispose(): void {
    this.clock.stop();
    for (const inst of this.instruments.values()) {
      inst.pending.Calibration?.cancel();
      inst.pending.SIC?.cancel();
    }
    this.bus.removeAllListeners();
  }
}
