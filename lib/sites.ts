/** Sites, deployments and limit schedule versions: the input schemas shared by the forms and the sites router. */
import { z } from "zod";
import { POSITION_TYPES, type PositionType } from "./domain";
import { timeZoneSchema } from "./local-time";
import { serialSchema } from "./mycirrus-inputs";

export const POSITION_TYPE_LABEL: Record<PositionType, string> = {
  facade: "Façade (1 m from a building front)",
  free_field: "Free field",
};

const id = z.string().min(1).max(40);
/** Optional text: blank becomes null, so "cleared" and "never set" are the same. */
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what}: use at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date such as 2026-03-31")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "Not a real date");

export const siteCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,11}$/, "Use 2–12 letters, digits or dashes, e.g. HRB or A14-J3");

const latitude = z.number().min(-90, "Latitude is between −90 and 90").max(90, "Latitude is between −90 and 90");
const longitude = z
  .number()
  .min(-180, "Longitude is between −180 and 180")
  .max(180, "Longitude is between −180 and 180");

export const siteFieldsSchema = z
  .object({
    name: z.string().trim().min(2, "Name the site (at least 2 characters)").max(80, "Use at most 80 characters"),
    code: siteCodeSchema,
    clientName: optionalText(120, "Client"),
    address: optionalText(300, "Address"),
    latitude: latitude.nullable().default(null),
    longitude: longitude.nullable().default(null),
    /** null: the organisation's timezone. */
    timezone: timeZoneSchema.nullable().default(null),
    startDate: isoDate.nullable().default(null),
    endDate: isoDate.nullable().default(null),
    notes: optionalText(2000, "Notes"),
  })
  .refine((s) => (s.latitude === null) === (s.longitude === null), {
    message: "Give both latitude and longitude, or neither",
    path: ["longitude"],
  })
  .refine((s) => !s.startDate || !s.endDate || s.endDate >= s.startDate, {
    message: "The end date must be on or after the start date",
    path: ["endDate"],
  });
export type SiteFields = z.input<typeof siteFieldsSchema>;

export const siteUpdateSchema = z.object({ siteId: id, fields: siteFieldsSchema });

export const positionSchema = z.object({
  positionName: z
    .string()
    .trim()
    .min(1, "Name the measurement position, e.g. NML1 – façade of 12 High St")
    .max(120, "Use at most 120 characters"),
  positionType: z.enum(POSITION_TYPES),
  /** dB added to each measured level at this position, e.g. −3 for a façade reflection. */
  correctionDb: z
    .number()
    .min(-20, "A correction is between −20 and +20 dB")
    .max(20, "A correction is between −20 and +20 dB")
    .default(0),
  latitude: latitude.nullable().default(null),
  longitude: longitude.nullable().default(null),
});

/** Deploy a monitor at a site, or move it there (its current deployment closes at `startAt`). */
export const deploySchema = positionSchema
  .extend({
    siteId: id,
    serial: serialSchema,
    /** Omitted: now. In the past: back-dated, refused if it overlaps the instrument's history. */
    startAt: z.coerce.date().optional(),
    /** Set only to record a past deployment that has already ended. */
    endAt: z.coerce.date().optional(),
  })
  .refine((d) => !d.endAt || !d.startAt || d.endAt > d.startAt, {
    message: "The end must be after the start",
    path: ["endAt"],
  });
export type DeployInput = z.input<typeof deploySchema>;

export const recallSchema = z.object({ serial: serialSchema, endAt: z.coerce.date().optional() });

export const SITE_FILTER_NONE = "none";
