import { z } from "zod";
import { orgNameSchema, orgSlugSchema } from "@/lib/validation";
import {
  createOrganization,
  listOrganizationsForUser,
  organizationOverview,
  suggestSlug,
  updateOrganization,
} from "@/server/services/organizations";
import { orgProcedure, protectedProcedure, router } from "../trpc";

const timezoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => Intl.supportedValuesOf("timeZone").includes(tz) || tz === "UTC", "Choose a valid timezone");

export const organizationRouter = router({
  list: protectedProcedure.query(({ ctx }) => listOrganizationsForUser(ctx.user.id)),

  suggestSlug: protectedProcedure
    .input(z.object({ name: z.string().max(80) }))
    .query(({ input }) => suggestSlug(input.name)),

  create: protectedProcedure
    .input(z.object({ name: orgNameSchema, slug: orgSlugSchema, timezone: timezoneSchema.optional() }))
    .mutation(({ ctx, input }) => createOrganization(ctx.user.id, input)),

  get: orgProcedure("org:read").query(async ({ ctx }) => ({
    ...ctx.org,
    role: ctx.membership.role,
    ...(await organizationOverview(ctx.org.id)),
  })),

  update: orgProcedure("org:update")
    .input(z.object({ name: orgNameSchema.optional(), timezone: timezoneSchema.optional() }))
    .mutation(({ ctx, input }) => updateOrganization(ctx.org.id, ctx.user.id, input)),
});
