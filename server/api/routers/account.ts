import { z } from "zod";
import { newPasswordSchema, personNameSchema, signUpInput } from "@/lib/validation";
import { listAudit } from "@/server/services/audit";
import { changePassword, signUp, updateProfile } from "@/server/services/accounts";
import { db } from "@/server/db/client";
import { protectedProcedure, publicProcedure, router } from "../trpc";

export const accountRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(({ input }) => signUp(input)),

  me: protectedProcedure.query(({ ctx }) => ctx.user),

  updateProfile: protectedProcedure
    .input(z.object({ name: personNameSchema }))
    .mutation(({ ctx, input }) => updateProfile(ctx.user.id, input)),

  changePassword: protectedProcedure
    .input(
      z.object({
        currentPassword: z.string().min(1, "Enter your current password").max(200),
        newPassword: newPasswordSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.user.id, input.currentPassword, input.newPassword);
      return { ok: true as const };
    }),

  securityActivity: protectedProcedure
    .input(z.object({ cursor: z.string().nullish() }).optional())
    .query(({ ctx, input }) =>
      listAudit(db(), { actorId: ctx.user.id, organizationId: null }, { cursor: input?.cursor, limit: 20 }),
    ),
});
