import { z } from "zod";
import { db } from "@/server/db/client";
import { listAudit } from "@/server/services/audit";
import { orgProcedure, router } from "../trpc";

export const auditRouter = router({
  list: orgProcedure("audit:read")
    .input(z.object({ cursor: z.string().max(64).nullish(), limit: z.number().int().min(1).max(100).default(50) }))
    .query(({ ctx, input }) =>
      listAudit(db(), { organizationId: ctx.org.id }, { cursor: input.cursor, limit: input.limit }),
    ),
});
