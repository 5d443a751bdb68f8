import { z } from "zod";
import { COMMENT_MAX_LENGTH } from "@/lib/alerts";
import { alertFilterSchema, ruleUpdateSchema } from "@/lib/alerts";
import { listRules, updateRule } from "@/server/services/alerts";
import {
  acknowledgeAlerts,
  alertCounts,
  alertFilterChoices,
  changeAlert,
  getAlert,
  listAlerts,
} from "@/server/services/alerts";
import { orgProcedure, router } from "../trpc";

const id = z.string().min(1).max(40);
const commentText = z
  .string()
  .trim()
  .min(1, "Write a comment first")
  .max(COMMENT_MAX_LENGTH, `Keep a comment to ${COMMENT_MAX_LENGTH.toLocaleString("en-GB")} characters or fewer`);

export const alertsRouter = router({
  list: orgProcedure("alerts:read")
    .input(alertFilterSchema)
    .query(({ ctx, input }) => listAlerts(ctx.access, input)),
  counts: orgProcedure("alerts:read").query(({ ctx }) => alertCounts(ctx.access)),
  choices: orgProcedure("alerts:read").query(({ ctx }) => alertFilterChoices(ctx.access)),
  get: orgProcedure("alerts:read")
    .input(z.object({ alertId: id }))
    .query(({ ctx, input }) => getAlert(ctx.access, input.alertId)),

  acknowledge: orgProcedure("alerts:update")
    .input(z.object({ alertIds: z.array(id).min(1).max(200) }))
    .mutation(({ ctx, input }) => acknowledgeAlerts(ctx.access, ctx.user.id, input.alertIds)),
  resolve: orgProcedure("alerts:update")
    .input(z.object({ alertId: id }))
    .mutation(({ ctx, input }) =>
      changeAlert(ctx.access, { op: "resolve", alertId: input.alertId, actorId: ctx.user.id }),
    ),
  reopen: orgProcedure("alerts:update")
    .input(z.object({ alertId: id }))
    .mutation(({ ctx, input }) =>
      changeAlert(ctx.access, { op: "reopen", alertId: input.alertId, actorId: ctx.user.id }),
    ),
  comment: orgProcedure("alerts:update")
    .input(z.object({ alertId: id, text: commentText }))
    .mutation(({ ctx, input }) =>
      changeAlert(ctx.access, { op: "comment", alertId: input.alertId, actorId: ctx.user.id, text: input.text }),
    ),
  assign: orgProcedure("alerts:update")
    .input(z.object({ alertId: id, assigneeId: id.nullable() }))
    .mutation(({ ctx, input }) =>
      changeAlert(ctx.access, {
        op: "assign",
        alertId: input.alertId,
        actorId: ctx.user.id,
        assigneeId: input.assigneeId,
      }),
    ),

  rules: orgProcedure("alerts:read").query(({ ctx }) => listRules(ctx.org.id)),
  updateRule: orgProcedure("alerts:rules")
    .input(ruleUpdateSchema)
    .mutation(({ ctx, input }) => updateRule(ctx.org.id, ctx.user.id, input)),
});
