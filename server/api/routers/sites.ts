import { z } from "zod";
import { RULE_KINDS } from "@/lib/domain";
import { deploySchema, recallSchema, siteCodeSchema, siteFieldsSchema, siteUpdateSchema } from "@/lib/sites";
import { serialSchema } from "@/lib/mycirrus-inputs";
import { setSiteRuleOverride } from "@/server/services/alerts";
import * as sites from "@/server/services/sites";
import { orgProcedure, router } from "../trpc";

const siteId = z.object({ siteId: z.string().min(1).max(40) });

/** Sites, deployments and limit schedules. Reads are limited to the caller's sites. */
export const sitesRouter = router({
  list: orgProcedure("sites:read")
    .input(z.object({ includeArchived: z.boolean().optional() }))
    .query(({ ctx, input }) => sites.siteCards(ctx.access, input)),

  choices: orgProcedure("sites:read").query(({ ctx }) => sites.siteChoices(ctx.access)),

  get: orgProcedure("sites:read")
    .input(siteId)
    .query(({ ctx, input }) => sites.getSite(ctx.access, input.siteId)),

  byCode: orgProcedure("sites:read")
    .input(z.object({ code: siteCodeSchema }))
    .query(async ({ ctx, input }) => sites.getSite(ctx.access, await sites.siteIdByCode(ctx.access, input.code))),

  headroom: orgProcedure("sites:read")
    .input(siteId)
    .query(({ ctx, input }) => sites.siteHeadroom(ctx.access, input.siteId)),

  deployments: orgProcedure("sites:read")
    .input(siteId)
    .query(({ ctx, input }) => sites.siteDeployments(ctx.access, input.siteId)),

  instrumentDeployments: orgProcedure("sites:read")
    .input(z.object({ serial: serialSchema }))
    .query(({ ctx, input }) => sites.instrumentDeployments(ctx.access, input.serial)),

  schedules: orgProcedure("sites:read")
    .input(z.object({ siteId: z.string().min(1).max(40).nullable() }))
    .query(({ ctx, input }) => sites.scheduleVersions(ctx.access, input.siteId)),

  create: orgProcedure("sites:manage")
    .input(siteFieldsSchema)
    .mutation(({ ctx, input }) => sites.createSite(ctx.org.id, ctx.user.id, input)),

  update: orgProcedure("sites:manage")
    .input(siteUpdateSchema)
    .mutation(({ ctx, input }) => sites.updateSite(ctx.org.id, ctx.user.id, input.siteId, input.fields)),

  setArchived: orgProcedure("sites:manage")
    .input(siteId.extend({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => sites.setSiteArchived(ctx.org.id, ctx.user.id, input.siteId, input.archived)),

  saveSchedule: orgProcedure("sites:manage")
    .input(sites.scheduleSaveSchema)
    .mutation(({ ctx, input }) => sites.saveScheduleVersion(ctx.org.id, ctx.user.id, input)),

  setRuleOverride: orgProcedure("sites:manage")
    .input(
      siteId.extend({
        kind: z.enum(RULE_KINDS),
        enabled: z.boolean().nullable(),
        params: z.record(z.string(), z.unknown()).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => setSiteRuleOverride(ctx.org.id, ctx.user.id, input)),

  deploy: orgProcedure("sites:deploy")
    .input(deploySchema)
    .mutation(({ ctx, input }) => sites.deployInstrument(ctx.org.id, ctx.user.id, input)),

  recall: orgProcedure("sites:deploy")
    .input(recallSchema)
    .mutation(({ ctx, input }) => sites.recallInstrument(ctx.org.id, ctx.user.id, input.serial, input.endAt)),
});
