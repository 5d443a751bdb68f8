import { z } from "zod";
import { roleSchema } from "@/lib/validation";
import {
  changeRole,
  leaveOrganization,
  listMembers,
  removeMember,
  setMemberSites,
} from "@/server/services/organizations";
import { orgProcedure, router } from "../trpc";

const membershipId = z.string().min(1).max(64);

export const membersRouter = router({
  list: orgProcedure("members:read").query(({ ctx }) => listMembers(ctx.access)),

  updateRole: orgProcedure("members:update-role")
    .input(z.object({ membershipId, role: roleSchema }))
    .mutation(({ ctx, input }) => changeRole(ctx.org.id, ctx.actor, input.membershipId, input.role)),

  setSites: orgProcedure("members:update-role")
    .input(z.object({ membershipId, siteIds: z.array(z.string().min(1).max(40)).max(200).nullable() }))
    .mutation(async ({ ctx, input }) => {
      await setMemberSites(ctx.org.id, ctx.actor, input.membershipId, input.siteIds);
      return { ok: true as const };
    }),

  remove: orgProcedure("members:remove")
    .input(z.object({ membershipId }))
    .mutation(async ({ ctx, input }) => {
      await removeMember(ctx.org.id, ctx.actor, input.membershipId);
      return { ok: true as const };
    }),

  leave: orgProcedure("membership:leave").mutation(async ({ ctx }) => {
    await leaveOrganization(ctx.org.id, ctx.user.id);
    return { ok: true as const };
  }),
});
