// Default accounts and API keys. Portal tests import these constants.

export const ALL_SCOPES = [
  "instruments:read",
  "instruments:write",
  "instruments:action",
  "data.live:read",
  "data.noise:read",
  "data.enviro:read",
  "data.events:read",
  "data.audio:read",
  "data.system:read",
  "webhooks:read",
  "webhooks:write",
] as const;

export type Scope = (typeof ALL_SCOPES)[number];

const READ_ONLY_SCOPES: Scope[] = ALL_SCOPES.filter((s) => s.endsWith(":read"));
const NO_WEBHOOK_SCOPES: Scope[] = ALL_SCOPES.filter((s) => !s.startsWith("webhooks:"));

export const DEFAULT_ACCOUNT_ID = "acc-demo";
export const OTHER_ACCOUNT_ID = "acc-other";

/** Every scope, default ("demo") account. */
export const DEMO_API_KEY = "mycirrus-100001-A1B2C3D4E5F60718";
/** Every `:read` scope (no rename, no actions, no webhook writes), default account. */
export const READ_ONLY_API_KEY = "mycirrus-100002-B2C3D4E5F6071829";
/** Every scope except webhooks:read / webhooks:write, default account. */
export const NO_WEBHOOKS_API_KEY = "mycirrus-100003-C3D4E5F60718293A";
/** Expired key of the default account: always 401 TokenExpired. */
export const EXPIRED_API_KEY = "mycirrus-100004-D4E5F60718293A4B";
/** Every scope, a second account ("other") with its own small fleet. */
export const OTHER_ACCOUNT_API_KEY = "mycirrus-200001-E5F60718293A4B5C";

export interface FixtureKey {
  key: string;
  accountId: string;
  scopes: readonly string[];
  expired: boolean;
  label: string;
}

export const FIXTURE_KEYS: FixtureKey[] = [
  { key: DEMO_API_KEY, accountId: DEFAULT_ACCOUNT_ID, scopes: ALL_SCOPES, expired: false, label: "demo (all scopes)" },
  {
    key: READ_ONLY_API_KEY,
    accountId: DEFAULT_ACCOUNT_ID,
    scopes: READ_ONLY_SCOPES,
    expired: false,
    label: "read-only",
  },
  {
    key: NO_WEBHOOKS_API_KEY,
    accountId: DEFAULT_ACCOUNT_ID,
    scopes: NO_WEBHOOK_SCOPES,
    expired: false,
    label: "no webhook scopes",
  },
  { key: EXPIRED_API_KEY, accountId: DEFAULT_ACCOUNT_ID, scopes: ALL_SCOPES, expired: true, label: "expired" },
  {
    key: OTHER_ACCOUNT_API_KEY,
    accountId: OTHER_ACCOUNT_ID,
    scopes: ALL_SCOPES,
    expired: false,
    label: "other account (all scopes)",
  },
];

/** Serials of the hand-made default fleet (the first 12 of the default account). */
export const DEFAULT_SERIALS = {
  online: "QT800001", // flagship: online, measuring, SIC+Modem+Weather, Audio add-on, 100 ms time history
  sicFailing: "QT800002",
  calibrationDrifting: "QT800003",
  offline: "QT800004",
  lowVoltage: "QT800005",
  weakLte: "QT800006", // weak LTE and intermittent outages
  notMeasuring: "QT800007",
  fifteenMinute: "QT800008", // 15-minute measurement period, negative drift
  cancelled: "QT800009", // subscription Cancelled
  airQuality: "AQ800010",
  vibration: "VB800011",
  ethernet: "QT800012", // no modem (Ethernet)
} as const;

export const OTHER_ACCOUNT_SERIALS = ["QT900001", "QT900002", "QT900003"] as const;
