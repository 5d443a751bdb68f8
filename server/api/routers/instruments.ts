import { z } from "zod";
import {
  instrumentActionSchema,
  instrumentNameSchema,
  periodSchema,
  rangeSchema,
  serialSchema,
} from "@/lib/mycirrus-inputs";
import * as instruments from "@/server/services/fleet";
import { orgProcedure, router, visibleInstruments } from "../trpc";

const read = orgProcedure("instruments:read");
const one = z.object({ serial: serialSchema });
const serials = z.array(serialSchema).min(1).max(200);

export const instrumentsRouter = router({
  list: read.query(({ ctx }) => instruments.listInstruments(ctx.access)),

  get: read
    .input(one)
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.getInstrumentDetail(ctx.org.id, input.serial)),

  status: read
    .input(one)
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.getInstrumentStatus(ctx.org.id, input.serial)),

  rename: orgProcedure("instruments:rename")
    .input(z.object({ serial: serialSchema, name: instrumentNameSchema }))
    .use(visibleInstruments)
    .mutation(({ ctx, input }) => instruments.renameInstrument(ctx.org.id, ctx.user.id, input.serial, input.name)),

  startAction: orgProcedure("instruments:action")
    .input(z.object({ serial: serialSchema, action: instrumentActionSchema }))
    .use(visibleInstruments)
    .mutation(({ ctx, input }) =>
      instruments.startInstrumentAction(ctx.org.id, ctx.user.id, input.serial, input.action),
    ),

  noise: read
    .input(
      z.object({
        serial: serialSchema,
        range: rangeSchema(92),
        period: periodSchema.optional(),
        values: z.array(z.string().max(20)).max(20).optional(),
      }),
    )
    .use(visibleInstruments)
    .query(({ ctx, input }) =>
      instruments.noiseMeasurements(ctx.org.id, input.serial, input.range, {
        period: input.period,
        values: input.values,
      }),
    ),

  noiseChart: read
    .input(
      z.object({
        serial: serialSchema,
        range: rangeSchema(92),
        maxPoints: z.number().int().min(100).max(5000).optional(),
      }),
    )
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.noiseChart(ctx.org.id, input.serial, input.range, input.maxPoints)),

  calibrations: read
    .input(z.object({ serials, range: rangeSchema(5 * 366) }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.calibrations(ctx.org.id, input.serials, input.range)),

  sic: read
    .input(z.object({ serials, range: rangeSchema(5 * 366) }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.sicHistory(ctx.org.id, input.serials, input.range)),

  calibrationLog: read
    .input(z.object({ serial: serialSchema, range: rangeSchema(5 * 366) }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.calibrationLog(ctx.org.id, input.serial, input.range)),

  monitorStats: read
    .input(z.object({ serial: serialSchema, range: rangeSchema(92) }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.monitorStats(ctx.org.id, input.serial, input.range)),

  monitorEvents: read
    .input(z.object({ serial: serialSchema, range: rangeSchema(92) }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.monitorEvents(ctx.org.id, input.serial, input.range)),

  monitorCurrent: read
    .input(z.object({ serials }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.monitorCurrent(ctx.org.id, input.serials)),

  events: read
    .input(z.object({ serial: serialSchema, range: rangeSchema(92) }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.noiseEvents(ctx.org.id, input.serial, input.range)),

  weather: read
    .input(z.object({ serial: serialSchema, range: rangeSchema(92), period: periodSchema.optional() }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.weather(ctx.org.id, input.serial, input.range, input.period)),

  audio: read
    .input(z.object({ serial: serialSchema, range: rangeSchema(92) }))
    .use(visibleInstruments)
    .query(({ ctx, input }) => instruments.audioRecordings(ctx.org.id, input.serial, input.range)),
});
