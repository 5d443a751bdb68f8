import { accountRouter } from "./routers/account";
import { alertsRouter } from "./routers/alerts";
import { auditRouter } from "./routers/audit";
import { fleetRouter } from "./routers/fleet";
import { instrumentsRouter } from "./routers/instruments";
import { invitationsRouter } from "./routers/invitations";
import { membersRouter } from "./routers/members";
import { mycirrusRouter } from "./routers/mycirrus";
import { notificationsRouter } from "./routers/notifications";
import { organizationRouter } from "./routers/organization";
import { sitesRouter } from "./routers/sites";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  account: accountRouter,
  organization: organizationRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  audit: auditRouter,
  mycirrus: mycirrusRouter,
  notifications: notificationsRouter,
  instruments: instrumentsRouter,
  alerts: alertsRouter,
  webhooks: webhooksRouter,
  fleet: fleetRouter,
  sites: sitesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
