/** The demo organisation that `npm run dev` seeds on an empty database. Other domains import from this file only. */
export { DEMO_ORG, DEMO_USER, ensureDemoAlertRules, ensureDemoSites, seedDemoIfEmpty } from "./seed";
export { DEMO_SITE_MEMBER } from "./sites";
