/**
 * Today's organisation-wide noise rule (RULE_PARAMS.noise_exceedance on the
 * server) as a limit schedule, so a site can start from the limits an
 * organisation already has and they mean the same.
 *
 * The old rule let limits overlap, the lowest level winning. Its rows are kept
 * as they are (nothing is split or dropped) and `rowsAt` picks the lowest limit
 * among overlapping rows of one metric, so a mapped schedule gives the same
 * limit at every minute as the old `limitAt` (bar one reading: in the hour the
 * clocks go back, a period starting or ending inside that hour does so at its
 * first occurrence, where the old wall-clock test saw it twice). Such a
 * schedule need not pass `scheduleProblems` (overlaps, a `from` = `to` meaning
 * a whole day, an averaging time longer than a short period are reported): a
 * user saving it as a site's schedule is shown what to fix.
 */
import { AVERAGING_MINUTES, type AveragingMinutes, type ScheduleRow } from "@/lib/limit-schedule";

/** The shape of the old rule's parameters (the server's zod schema validates them). */
export interface LegacyNoiseRuleParams {
  periodMinutes: number;
  limits: readonly { label: string; days: readonly number[]; from: string; to: string; level: number }[];
  /** Alerting on single noise events is the site's own setting, not part of its schedule. */
  events: boolean;
}

const isAveraging = (minutes: number): minutes is AveragingMinutes =>
  (AVERAGING_MINUTES as readonly number[]).includes(minutes);

/**
 * One LAeq row per old limit, same label, days and times, its level as the
 * limit and no trigger (the old rule had none).
 *
 * The old rule averaged over periods of `periodMinutes` aligned to the epoch
 * (clock hours, in whole-hour zones); a row averages over windows aligned to
 * its period's start, which for 5/15/30/60 minutes and periods starting on the
 * hour are the same windows. Other lengths (1 to 1440 minutes) have no
 * counterpart; they become null, the whole period, because lengths above an
 * hour were chosen to cover a day or a night (LAeq,16h / LAeq,8h) and a
 * schedule's periods are exactly that.
 */
export function scheduleFromLegacyRule(params: LegacyNoiseRuleParams): ScheduleRow[] {
  const averagingMinutes = isAveraging(params.periodMinutes) ? params.periodMinutes : null;
  return params.limits.map((limit, index) => ({
    // A schedule row's label is trimmed and required; an old label of spaces gets a name.
    label: limit.label.trim() || `Limit ${index + 1}`,
    // Duplicated days (allowed before) changed nothing; a row lists each day once.
    days: [...new Set(limit.days)].sort((a, b) => a - b),
    from: limit.from,
    to: limit.to,
    metric: "LAeq",
    averagingMinutes,
    triggerDb: null,
    limitDb: limit.level,
  }));
}
