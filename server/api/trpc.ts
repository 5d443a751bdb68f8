/**
 * tRPC foundation: context, the one mapping from AppError to tRPC codes, and
 * the procedure levels. The organisation is always resolved here on the server
 * from the slug and the session; nothing the client says about roles counts.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Permission } from "@/lib/permissions";
import type { SessionIdentity } from "@/server/auth/config";
import { AppError } from "@/server/errors";
import { assertSerialsVisible, type SiteAccess } from "@/server/services/sites";
import { authenticate, authorizeOrg } from "./authorize";

export interface Context {
  identity: SessionIdentity | null;
  /** Origin the request came to, for links shown to the user (invitations). */
  origin: string;
}

export interface Meta {
  permission?: Permission;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        // Never leak internals: an unexpected error says only that.
        message:
          error.code === "INTERNAL_SERVER_ERROR"
            ? "Something went wrong on our side. Please try again."
            : shape.message,
        data: {
          ...shape.data,
          stack: undefined,
          field: cause instanceof AppError ? (cause.field ?? null) : null,
          fieldErrors: cause instanceof ZodError ? z.flattenError(cause).fieldErrors : null,
        },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** The single place where domain errors become tRPC errors. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      console.error("[trpc] unexpected error", result.error.cause ?? result.error);
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = await authenticate(ctx.identity);
  return next({ ctx: { ...ctx, user } });
});

const orgSlugInput = z.object({ orgSlug: z.string().min(1).max(64) });

/**
 * A procedure that acts inside one organisation, allowed for the roles the
 * permission table lists. A non-member gets NOT_FOUND, as if it did not exist.
 */
export function orgProcedure(permission: Permission) {
  return protectedProcedure
    .meta({ permission })
    .input(orgSlugInput)
    .use(async ({ ctx, input, next }) => {
      const resolved = await authorizeOrg(ctx.user.id, input.orgSlug, permission);
      return next({
        ctx: {
          ...ctx,
          org: resolved.organization,
          membership: resolved.membership,
          access: resolved.access,
          actor: { userId: ctx.user.id, role: resolved.membership.role },
        },
      });
    });
}

/**
 * After an input with `serial` or `serials`: a site-limited caller gets
 * NOT_FOUND for any instrument not deployed now at one of their sites.
 */
export const visibleInstruments = t.middleware(async ({ ctx, input, next }) => {
  const access = (ctx as { access?: SiteAccess }).access;
  const given = (input ?? {}) as { serial?: unknown; serials?: unknown };
  const serials = [
    ...(typeof given.serial === "string" ? [given.serial] : []),
    ...(Array.isArray(given.serials) ? given.serials.filter((s): s is string => typeof s === "string") : []),
  ];
  if (access) await assertSerialsVisible(access, serials);
  return next();
});
