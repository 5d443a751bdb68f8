import { z } from "zod";
import { timeZoneSchema } from "@/lib/local-time";
import { orgNameSchema, orgSlugSchema } from "@/lib/validation";
import {
  createOrganization,
  listOrganizationsForUser,
  organizationOverview,
  suggestSlug,
  updateOrganization,
} from "@/server/services/organizations";
import { orgProcedure, protectedProcedure, router } from "../trpc";

export const organizationRouter = router({
  list: protectedProcedure.query(({ ctx }) => listOrganizationsForUser(ctx.user.id)),

  suggestSlug: protectedProcedure
    .input(z.object({ name: z.string().max(80) }))
    .query(({ input }) => suggestSlug(input.name)),

  create: protectedProcedure
    .input(z.object({ name: orgNameSchema, slug: orgSlugSchema, timezone: timeZoneSchema.optional() }))
    .mutation(({ ctx, input }) => createOrganization(ctx.user.id, input)),

  get: orgProcedure("org:read").query(async ({ ctx }) => ({
    ...ctx.org,
    role: ctx.membership.role,
    ...(await organizationOverview(ctx.org.id)),
  })),

  update: orgProcedure("org:update")
    .input(z.object({ name: orgNameSchema.optional(), timezone: timeZoneSchema.optional() }))
    .mutation(({ ctx, input }) => updateOrganization(ctx.org.id, ctx.user.id, input)),
});
