/** Notifications: who is told about an alert change (subscriptions, quiet hours, digests) and the email outbox that sends each email once. Other domains import from this file only. */
export {
  getMySubscription,
  routeAlertChange,
  saveMySubscription,
  subscriptionChoices,
  teamSubscriptions,
  unsubscribeWithToken,
  writeDueDigests,
} from "./routing";
export type { AlertChange } from "./routing";
export { dispatchDueEmails, failedEmails, messageIdFor, queueEmails } from "./outbox";
