import { z } from "zod";
import { apiKeySchema } from "@/lib/mycirrus-inputs";
import {
  allowedBaseUrls,
  changeBaseUrl,
  getConnection,
  recheckConnection,
  saveApiKey,
} from "@/server/services/mycirrus";
import { disconnectMyCirrus } from "@/server/services/webhooks";
import { orgProcedure, router } from "../trpc";

const baseUrl = z.string().url("Choose a MyCirrus address").max(300);

export const mycirrusRouter = router({
  connection: orgProcedure("mycirrus:read").query(async ({ ctx }) => ({
    ...(await getConnection(ctx.org.id)),
    baseUrlChoices: allowedBaseUrls(),
  })),

  saveKey: orgProcedure("mycirrus:manage")
    .input(z.object({ apiKey: apiKeySchema, baseUrl: baseUrl.optional() }))
    .mutation(({ ctx, input }) => saveApiKey(ctx.org.id, ctx.user.id, input)),

  recheck: orgProcedure("mycirrus:manage").mutation(({ ctx }) => recheckConnection(ctx.org.id, ctx.user.id)),

  setBaseUrl: orgProcedure("mycirrus:manage")
    .input(z.object({ baseUrl }))
    .mutation(({ ctx, input }) => changeBaseUrl(ctx.org.id, ctx.user.id, input.baseUrl)),

  removeKey: orgProcedure("mycirrus:manage").mutation(async ({ ctx }) => {
    await disconnectMyCirrus(ctx.org.id, ctx.user.id);
    return { ok: true as const };
  }),
});
