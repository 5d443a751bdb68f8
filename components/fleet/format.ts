/** Display helpers shared by the fleet, instrument and calibration views. Pure. */
export const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
export const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });

export const fmt = (v: number | null | undefined, digits = 1, unit = "") =>
  v === null || v === undefined || !Number.isFinite(v) ? "—" : `${v.toFixed(digits)}${unit ? ` ${unit}` : ""}`;

/** A signed level; what rounds to zero shows as ±0 (never "−0.00"). */
export function signed(v: number | null | undefined, digits = 2, unit = "dB"): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const rounded = Number(v.toFixed(digits));
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : "±"}${Math.abs(rounded).toFixed(digits)} ${unit}`;
}

/**
 * When a drift trend reaches the threshold, in words. Beyond a few years a
 * straight-line projection means nothing (an instrument is recalibrated and
 * serviced long before), so it says so instead of printing "in 92195 d".
 */
export function thresholdHorizon(days: number): string {
  if (days < 365) return `in ${Math.ceil(days)} d`;
  if (days < 5 * 365) return `in about ${(days / 365).toFixed(1)} years`;
  return "not within 5 years";
}

/** LTE RSRP in dBm to words (3GPP rough bands). */
export function lteQuality(rsrp: number | null): { label: string; bars: number } {
  if (rsrp === null) return { label: "No LTE", bars: 0 };
  if (rsrp >= -90) return { label: "Excellent", bars: 4 };
  if (rsrp >= -105) return { label: "Good", bars: 3 };
  if (rsrp >= -115) return { label: "Fair", bars: 2 };
  return { label: "Weak", bars: 1 };
}
