import { isMyCirrusError } from "@/server/mycirrus";

/**
 * A batched read the sync can do without (health, LTE, last data): a batch MyCirrus refuses
 * (no scope, an instrument type without that data) is skipped, not fatal; other failures still are.
 */
export async function optional<T>(run: () => Promise<T[]>): Promise<T[]> {
  try {
    return await run();
  } catch (error) {
    if (isMyCirrusError(error) && ["forbidden", "bad_request", "not_found"].includes(error.kind)) return [];
    throw error;
  }
}
