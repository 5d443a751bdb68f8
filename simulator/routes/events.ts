// Events (list, time history, audio) and audio recordings (list, download).
import { errors } from "../errors.js";
import { decodeId, encodeId, type IdKind } from "../ids.js";
import { findEvent, levelSeries, storedEvents } from "../models/noise.js";
import { json, LIMITS, requireRange, type Reply, type RequestContext } from "../params.js";
import { round1, round2, rand } from "../rng.js";
import { iso, isoNoZ } from "../time.js";
import type { Instrument, NoiseEvent } from "../types.js";
import { makeWav } from "../wav.js";

const AUDIO_FORMATS = ["FLAC", "WAV", "AAC", "OGG"] as const;
const PRE_TRIGGER_MS = 1000;
const POST_TRIGGER_MS = 5000;

const hasAudio = (inst: Instrument) => inst.subscription.addons?.includes("Audio") ?? false;

/** The six `overall` numbers; the docs do not say what they are. The simulator fills
 * [LAeq, LCPeak, LAF50, LAF10, LAFMax, LAF90] of the event. */
function overall(inst: Instrument, ev: NoiseEvent): number[] {
  const n = Math.max(1, Math.round((ev.end - ev.start) / 1000));
  const levels = levelSeries(inst, ev.start, 1000, n);
  let e = 0;
  for (const l of levels) e += Math.pow(10, l / 10);
  const laeq = 10 * Math.log10(e / n);
  const j = (s: number) => rand(inst.h, 400 + s, ev.start / 1000);
  return [
    round2(laeq),
    round2(ev.peak + 14 + j(1) * 3),
    round2(laeq - 2 - j(2)),
    round2(laeq + 2.5 + j(3)),
    round2(ev.peak + j(4)),
    round2(laeq - 8 - j(5) * 2),
  ];
}

export function eventJson(state: { seed: string }, inst: Instrument, ev: NoiseEvent) {
  const audio = hasAudio(inst);
  return {
    type: "Noise",
    name: "LAeq",
    level: inst.profile.triggerLevel,
    startTime: iso(ev.start),
    endTime: iso(ev.end),
    audioTime: audio ? iso(ev.start) : null,
    instrument: inst.serial,
    overall: overall(inst, ev),
    octave: null,
    thirdOctave: null,
    timeHistoryId: encodeId(state.seed, "th", inst.serial, ev.key),
    audioId: audio ? encodeId(state.seed, "ea", inst.serial, ev.key) : null,
  };
}

export function listEvents(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.days31);
  const now = ctx.state.now();
  const rows: unknown[] = [];
  for (const inst of r.instruments) {
    for (const ev of storedEvents(inst, r.start, r.end, now)) rows.push(eventJson(ctx.state, inst, ev));
  }
  return json(rows);
}

function resolve(ctx: RequestContext, kind: IdKind): { inst: Instrument; ev: NoiseEvent } {
  const id = ctx.params.id ?? "";
  const notFound = () => errors.notFound(`The item ${id} could not be found.`);
  const decoded = decodeId(ctx.state.seed, kind, id);
  if (!decoded) throw notFound();
  const inst = ctx.state.instrumentFor(ctx.key.accountId, decoded.serial);
  if (!inst) throw notFound();
  const ev = findEvent(inst, decoded.key, ctx.state.now());
  if (!ev) throw notFound();
  if (kind !== "th" && !hasAudio(inst)) throw notFound();
  return { inst, ev };
}

export function eventTimeHistory(ctx: RequestContext): Reply {
  const { inst, ev } = resolve(ctx, "th");
  const n = Math.max(1, Math.round((ev.end - ev.start) / 1000));
  const values = Array.from(levelSeries(inst, ev.start, 1000, n), round1);
  return json([
    {
      type: "LAeq",
      instrument: inst.serial,
      blocks: [{ start: iso(ev.start), end: iso(ev.start + n * 1000), sampleDuration: 1000, values }],
    },
  ]);
}

function audioReply(ctx: RequestContext, inst: Instrument, ev: NoiseEvent): Reply {
  const raw = (ctx.q.get("format") ?? "FLAC").trim();
  const format = AUDIO_FORMATS.find((f) => f.toLowerCase() === raw.toLowerCase());
  if (!format)
    throw errors.invalidParam(`The parameter format must be one of ${AUDIO_FORMATS.join(", ")} (got ${raw}).`);
  if (format !== "WAV") {
    return {
      status: 400,
      json: {
        error: "UnsupportedFormat",
        description: `The simulator only produces WAV audio (format=WAV); ${format} is not supported.`,
      },
    };
  }
  const start = ev.start - PRE_TRIGGER_MS;
  const seconds = Math.round((ev.end + POST_TRIGGER_MS - start) / 1000);
  const levels = Array.from(levelSeries(inst, start, 1000, Math.min(seconds, 10)));
  return {
    status: 200,
    bytes: makeWav((inst.h ^ (ev.start / 1000)) >>> 0, levels),
    contentType: "application/octet-stream",
  };
}

export function eventAudio(ctx: RequestContext): Reply {
  const { inst, ev } = resolve(ctx, "ea");
  return audioReply(ctx, inst, ev);
}

/** Audio recordings: one per stored event of an instrument with the Audio add-on. Max range 31 days. */
export function listAudio(ctx: RequestContext): Reply {
  const r = requireRange(ctx, LIMITS.days31);
  const now = ctx.state.now();
  const rows: unknown[] = [];
  for (const inst of r.instruments) {
    if (!hasAudio(inst)) continue;
    for (const ev of storedEvents(inst, r.start, r.end, now)) {
      rows.push({
        id: encodeId(ctx.state.seed, "rec", inst.serial, ev.key),
        startTime: isoNoZ(ev.start - PRE_TRIGGER_MS),
        endTime: isoNoZ(ev.end + POST_TRIGGER_MS),
        instrument: inst.serial,
        triggerName: "Default",
        triggerStartTime: iso(ev.start),
        triggerEndTime: iso(ev.end),
      });
    }
  }
  return json(rows);
}

export function downloadAudio(ctx: RequestContext): Reply {
  const { inst, ev } = resolve(ctx, "rec");
  return audioReply(ctx, inst, ev);
}
