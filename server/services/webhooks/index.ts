/** MyCirrus webhooks: registration at MyCirrus, and processing of stored deliveries into snapshots and alerts. Other domains import from this file only. */
export { processWebhookEvent, runAlertCheck, scheduleAlertCheck } from "./processing";
export { disconnectMyCirrus, repairWebhooks, unregisterWebhooks, webhookHealth } from "./registrations";
