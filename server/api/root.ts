import { accountRouter } from "./routers/account";
import { auditRouter } from "./routers/audit";
import { invitationsRouter } from "./routers/invitations";
import { membersRouter } from "./routers/members";
import { organizationRouter } from "./routers/organization";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  account: accountRouter,
  organization: organizationRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
