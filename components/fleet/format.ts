/** Display helpers shared by the fleet, instrument and calibration views. Pure. */
export const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
export const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });

export const fmt = (v: number | null | undefined, digits = 1, unit = "") =>
  v === null || v === undefined || !Number.isFinite(v) ? "—" : `${v.toFixed(digits)}${unit ? ` ${unit}` : ""}`;

export const signed = (v: number | null | undefined, digits = 2, unit = "dB") =>
  v === null || v === undefined ? "—" : `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(digits)} ${unit}`;

/** LTE RSRP in dBm to words (3GPP rough bands). */
export function lteQuality(rsrp: number | null): { label: string; bars: number } {
  if (rsrp === null) return { label: "No LTE", bars: 0 };
  if (rsrp >= -90) return { label: "Excellent", bars: 4 };
  if (rsrp >= -105) return { label: "Good", bars: 3 };
  if (rsrp >= -115) return { label: "Fair", bars: 2 };
  return { label: "Weak", bars: 1 };
}
