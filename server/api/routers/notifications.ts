import { subscriptionInput } from "@/lib/subscriptions";
import { failedEmails } from "@/server/services/notifications";
import {
  getMySubscription,
  saveMySubscription,
  subscriptionChoices,
  teamSubscriptions,
} from "@/server/services/notifications";
import { orgProcedure, router } from "../trpc";

export const notificationsRouter = router({
  mine: orgProcedure("notifications:self").query(({ ctx }) =>
    getMySubscription(ctx.org.id, ctx.user.id, ctx.membership.role),
  ),

  updateMine: orgProcedure("notifications:self")
    .input(subscriptionInput)
    .mutation(async ({ ctx, input }) => {
      const { orgSlug: _slug, ...prefs } = input;
      await saveMySubscription(ctx.org.id, ctx.user.id, prefs);
      return { ok: true as const };
    }),

  choices: orgProcedure("notifications:self").query(({ ctx }) => subscriptionChoices(ctx.access)),

  team: orgProcedure("notifications:team").query(({ ctx }) => teamSubscriptions(ctx.org.id)),

  failedEmails: orgProcedure("notifications:team").query(({ ctx }) => failedEmails(ctx.org.id)),
});
