/**
 * One error type for the domain. Services throw AppError; routers never build
 * TRPCErrors. How each code answers, as a tRPC code (server/api/trpc.ts) and as
 * an HTTP status (route handlers, `errorResponse`), is said once, here.
 */
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

export const APP_ERROR_CODES = {
  BAD_REQUEST: { trpc: "BAD_REQUEST", http: 400 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", http: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  PRECONDITION_FAILED: { trpc: "PRECONDITION_FAILED", http: 412 },
  TOO_MANY_REQUESTS: { trpc: "TOO_MANY_REQUESTS", http: 429 },
  UPSTREAM_ERROR: { trpc: "BAD_GATEWAY", http: 502 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

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

  get httpStatus(): number {
    return APP_ERROR_CODES[this.code].http;
  }

  get trpcCode(): TRPC_ERROR_CODE_KEY {
    return APP_ERROR_CODES[this.code].trpc;
  }
}

/** A route handler's JSON answer for an AppError: `{ error, field? }` with the code's status. */
export function errorResponse(error: AppError): Response {
  return Response.json(
    { error: error.message, ...(error.field && { field: error.field }) },
    { status: error.httpStatus },
  );
}

/** Postgres unique violation surfaced by Prisma (P2002), with the columns it hit. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
