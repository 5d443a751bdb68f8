import { z } from "zod";
import { fleetQuerySchema } from "@/lib/fleet";
import { serialSchema } from "@/lib/mycirrus-inputs";
import * as fleet from "@/server/services/fleet";
import { orgProcedure, router } from "../trpc";

const read = orgProcedure("instruments:read");

/** The fleet from Postgres snapshots: no procedure here calls MyCirrus. */
export const fleetRouter = router({
  board: read
    .input(fleetQuerySchema.extend({ limit: z.number().int().min(1).max(5000).optional() }))
    .query(({ ctx, input }) => fleet.fleetBoard(ctx.access, input, { limit: input.limit })),

  summary: read.query(({ ctx }) => fleet.fleetSummary(ctx.access)),

  index: read.query(({ ctx }) => fleet.fleetIndex(ctx.access)),

  instrument: read
    .input(z.object({ serial: serialSchema }))
    .query(({ ctx, input }) => fleet.fleetInstrument(ctx.access, input.serial)),

  refresh: read.mutation(({ ctx }) => fleet.requestFleetRefresh(ctx.org.id)),
});
