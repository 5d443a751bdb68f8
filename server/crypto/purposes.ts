/**
 * What each sealed secret is for. The purpose is part of the associated data, so
 * a ciphertext sealed for one purpose (or organisation) never opens as another.
 * Changing a value makes every stored secret of that purpose unreadable.
 */
export const MYCIRRUS_API_KEY_PURPOSE = "mycirrus-api-key";
export const WEBHOOK_SECRET_PURPOSE = "mycirrus-webhook-secret";
