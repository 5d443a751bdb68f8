/**
 * MyCirrus webhook messages (docs section 7; section 10 for SicFinished).
 * Tolerant like the client: extra fields are allowed, `instrument` may be
 * absent (the registration says which instrument it is for).
 */
import { z } from "zod";

const time = z.iso
  .datetime({ offset: true, local: true })
  .transform((s) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`));
const instrument = z.string().min(1).max(64).optional();
const resultData = z.looseObject({
  time: time.optional(),
  status: z.string().optional(),
});

export const WEBHOOK_TYPES = [
  "NewMeasurement",
  "NewEvent",
  "InstrumentStatus",
  "CalibrationFinished",
  "SicFinished",
] as const;
export type WebhookTypeName = (typeof WEBHOOK_TYPES)[number];

const webhookPayloadSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("NewMeasurement"), instrument, time, endTime: time.optional() }),
  z.looseObject({ type: z.literal("NewEvent"), instrument, time, eventTime: time.optional() }),
  z.looseObject({ type: z.literal("InstrumentStatus"), instrument, time, online: z.boolean() }),
  z.looseObject({
    type: z.literal("CalibrationFinished"),
    instrument,
    time,
    status: z.string().min(1),
    error: z.string().nullish(),
    data: resultData.extend({ level: z.number().nullish(), offset: z.number().nullish() }).nullish(),
  }),
  z.looseObject({
    type: z.literal("SicFinished"),
    instrument,
    time,
    status: z.string().min(1),
    error: z.string().nullish(),
    data: resultData.nullish(),
  }),
]);
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** Any JSON object with a string `type`: known types must match their schema; others are kept as they are. */
const envelopeSchema = z.looseObject({ type: z.string().min(1).max(100) });

export type ParsedDelivery =
  | { ok: true; known: true; payload: WebhookPayload }
  | { ok: true; known: false; type: string }
  | { ok: false; message: string };

export function parseDelivery(raw: unknown): ParsedDelivery {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, message: "Expected a JSON object with a string type" };
  if (!(WEBHOOK_TYPES as readonly string[]).includes(envelope.data.type))
    return { ok: true, known: false, type: envelope.data.type };
  const parsed = webhookPayloadSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  return { ok: true, known: true, payload: parsed.data };
}
