/**
 * One error type for the domain, mapped to tRPC codes in one place
 * (server/api/trpc.ts). Services throw AppError; routers never build TRPCErrors.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "PRECONDITION_FAILED"
  | "UPSTREAM_ERROR";

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field the error is about, so forms can show it beside the input. */
  readonly field?: string;

  constructor(code: AppErrorCode, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options?.field;
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You do not have permission to do that") => new AppError("FORBIDDEN", message);
export const conflict = (message: string, field?: string) => new AppError("CONFLICT", message, { field });
export const badRequest = (message: string, field?: string) => new AppError("BAD_REQUEST", message, { field });

/** Postgres unique violation surfaced by Prisma (P2002), with the columns it hit. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
