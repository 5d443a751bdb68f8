import { describe, expect, it } from "vitest";
import type { InstrumentStatus } from "@/server/mycirrus";
import { polledStatusFields, type StoredStatus } from "@/server/services/fleet";

const at = (s: string) => new Date(`2026-11-27T10:00:${s}Z`);
const status = (over: Partial<InstrumentStatus> = {}): InstrumentStatus => ({
  instrument: "QT800001",
  online: false,
  measuring: false,
  calibrationInProgress: true,
  sicInProgress: false,
  lastCalibration: { instrument: "QT800001", time: at("01"), status: "Success", level: 93.9, offset: 0.1 },
  lastSic: null,
  ...over,
});
const stored = (over: Partial<StoredStatus> = {}): StoredStatus => ({
  online: true,
  statusAt: null,
  lastCalibrationAt: null,
  lastSicAt: null,
  ...over,
});

describe("polledStatusFields", () => {
  it("writes a status read after what is stored, and notes when online flipped", () => {
    const fields = polledStatusFields(status(), stored({ statusAt: at("00") }), at("05"));
    expect(fields).toMatchObject({
      online: false,
      measuring: false,
      statusAt: at("05"),
      onlineChangedAt: at("05"),
      calibrationInProgress: true,
    });
    expect(polledStatusFields(status({ online: true }), stored(), at("05"))).not.toHaveProperty("onlineChangedAt");
  });

  it("leaves a status stamped after the read alone", () => {
    const fields = polledStatusFields(status(), stored({ statusAt: at("06") }), at("05"));
    expect(fields).not.toHaveProperty("online");
    expect(fields).not.toHaveProperty("statusAt");
    expect(fields).not.toHaveProperty("onlineChangedAt");
  });

  it("moves calibration and SIC results only forward, and drops an 'in progress' older than a stored result", () => {
    const fields = polledStatusFields(status(), stored({ lastCalibrationAt: at("30") }), at("05"));
    expect(fields).not.toHaveProperty("lastCalibrationAt");
    expect(fields).not.toHaveProperty("calibrationInProgress");
    const newer = polledStatusFields(status(), stored({ lastCalibrationAt: at("00") }), at("05"));
    expect(newer).toMatchObject({
      lastCalibrationAt: at("01"),
      lastCalibrationLevel: 93.9,
      calibrationInProgress: true,
    });
  });

  it("takes everything when nothing is stored yet", () => {
    expect(polledStatusFields(status(), null, at("05"))).toMatchObject({
      online: false,
      statusAt: at("05"),
      onlineChangedAt: at("05"),
      lastCalibrationAt: at("01"),
    });
  });
});
