/** Input schemas for MyCirrus-backed procedures, shared by forms and routers. */
import { z } from "zod";

export const serialSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, "Not a valid instrument serial number");

export const apiKeySchema = z
  .string()
  .trim()
  .min(8, "Paste the whole API key")
  .max(256, "That is longer than any MyCirrus key")
  .regex(/^\S+$/, "An API key has no spaces");

export const instrumentNameSchema = z.string().trim().min(1, "Enter a name").max(64, "Use at most 64 characters");

export const instrumentActionSchema = z.enum(["Identify", "Calibration", "SIC"]);

const DAY = 24 * 60 * 60 * 1000;

/** A time range with a cap on its span, so one request cannot ask for decades. */
export function rangeSchema(maxDays: number) {
  return z
    .object({ start: z.coerce.date(), end: z.coerce.date() })
    .refine((r) => r.end.getTime() > r.start.getTime(), { message: "The end must be after the start", path: ["end"] })
    .refine((r) => r.end.getTime() - r.start.getTime() <= maxDays * DAY, {
      message: `Choose a range of at most ${maxDays} days`,
      path: ["start"],
    });
}

export const periodSchema = z
  .string()
  .regex(/^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/, "Use an ISO 8601 duration such as PT1M or PT1H")
  .refine((p) => p !== "P" && p !== "PT", "Use an ISO 8601 duration such as PT1M or PT1H");
