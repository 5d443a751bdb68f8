/** Input schemas shared by forms (client) and procedures (server). */
import { z } from "zod";
import { ROLES } from "./permissions";

export const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter your email address")
  .max(254, "That email address is too long")
  .email("Enter a valid email address")
  .transform((v) => v.toLowerCase());

export const newPasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

export const personNameSchema = z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters");

export const orgNameSchema = z.string().trim().min(2, "Use at least 2 characters").max(80, "Use at most 80 characters");

export const RESERVED_SLUGS = new Set([
  "api",
  "signin",
  "signup",
  "signout",
  "invite",
  "orgs",
  "account",
  "dev",
  "_next",
  "settings",
  "new",
  "admin",
  "static",
  "public",
  "health",
]);

export const orgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters")
  .max(40, "Use at most 40 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and single hyphens")
  .refine((s) => !RESERVED_SLUGS.has(s), "That address is reserved; choose another");

export const roleSchema = z.enum(ROLES);

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

export const signUpInput = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});
