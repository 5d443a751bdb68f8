import { repairWebhooks, webhookHealth } from "@/server/services/webhooks";
import { orgProcedure, router } from "../trpc";

export const webhooksRouter = router({
  health: orgProcedure("mycirrus:read").query(({ ctx }) => webhookHealth(ctx.org.id)),
  repair: orgProcedure("mycirrus:manage").mutation(({ ctx }) => repairWebhooks(ctx.org.id, ctx.user.id)),
});
