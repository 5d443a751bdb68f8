/**
 * The one AppError map: a route handler's HTTP status must be the status tRPC
 * itself gives the mapped code, so a client sees the same answer either way.
 */
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { APP_ERROR_CODES, AppError, errorResponse, type AppErrorCode } from "@/server/errors";

describe("AppError codes", () => {
  const codes = Object.keys(APP_ERROR_CODES) as AppErrorCode[];

  it.each(codes)("%s answers the same HTTP status through tRPC and through a route handler", (code) => {
    const error = new AppError(code, "x");
    expect(getHTTPStatusCodeFromError(new TRPCError({ code: error.trpcCode }))).toBe(error.httpStatus);
  });

  it("CONFLICT is 409 and a route handler's body names the field", async () => {
    const res = errorResponse(new AppError("CONFLICT", "That address is already taken", { field: "slug" }));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "That address is already taken", field: "slug" });
  });

  it("a body without a field has no field key", async () => {
    expect(await errorResponse(new AppError("NOT_FOUND", "Recording not found")).json()).toEqual({
      error: "Recording not found",
    });
  });
});
