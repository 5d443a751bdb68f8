import { z } from "zod";
import { emailSchema, roleSchema } from "@/lib/validation";
import {
  acceptInvitation,
  createInvitation,
  invitationLink,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "@/server/services/organizations";
import { orgProcedure, protectedProcedure, publicProcedure, router } from "../trpc";

const token = z.string().min(20).max(200);

export const invitationsRouter = router({
  list: orgProcedure("invitations:read").query(({ ctx }) => listInvitations(ctx.org.id)),

  create: orgProcedure("members:invite")
    .input(
      z.object({
        email: emailSchema,
        role: roleSchema,
        /** Non-empty: the new member sees only these sites. */
        siteIds: z.array(z.string().min(1).max(40)).max(200).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const invitation = await createInvitation(ctx.org.id, ctx.actor, input, { origin: ctx.origin });
      // Emailed, and also shown once to the inviter to copy (chat, or if the email bounces).
      return { id: invitation.id, expiresAt: invitation.expiresAt, link: invitationLink(ctx.origin, invitation.token) };
    }),

  revoke: orgProcedure("invitations:revoke")
    .input(z.object({ invitationId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      await revokeInvitation(ctx.org.id, ctx.actor, input.invitationId);
      return { ok: true as const };
    }),

  preview: publicProcedure.input(z.object({ token })).query(({ input }) => previewInvitation(input.token)),

  accept: protectedProcedure
    .input(z.object({ token }))
    .mutation(({ ctx, input }) => acceptInvitation(input.token, ctx.user)),
});
