// API errors: always rendered as {error, description}.

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly description: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(`${code}: ${description}`);
  }
}

export const errors = {
  tokenExpired: () =>
    new ApiError(401, "TokenExpired", "Your access token is invalid or has expired. Try refreshing the token."),
  accessDenied: () => new ApiError(403, "AccessDenied", "You do not have permission to access this data."),
  tooManyRequests: (retryAfterSeconds: number) =>
    new ApiError(
      429,
      "TooManyRequests",
      "You have made too many requests in a short time. Please wait before trying again.",
      { "Retry-After": String(retryAfterSeconds) },
    ),
  missingParam: (name: string) =>
    new ApiError(400, "MissingParam", `The required parameter ${name} was missing from the request.`),
  invalidParam: (description: string) => new ApiError(400, "InvalidParam", description),
  instrumentNotFound: (serial: string, status = 404) =>
    new ApiError(status, "NotFound", `The instrument ${serial} could not be found.`),
  notFound: (description: string) => new ApiError(404, "NotFound", description),
  invalidRange: (description: string) => new ApiError(400, "InvalidRange", description),
  invalidPeriod: (description: string) => new ApiError(400, "InvalidPeriod", description),
  invalidValues: (description: string) => new ApiError(400, "InvalidValues", description),
  invalidBody: (description: string) => new ApiError(400, "InvalidBody", description),
  payloadTooLarge: (limit: number) =>
    new ApiError(413, "PayloadTooLarge", `The request body is larger than the limit of ${limit} bytes.`),
  methodNotAllowed: (method: string, path: string) =>
    new ApiError(405, "MethodNotAllowed", `The method ${method} is not allowed on ${path}.`),
  routeNotFound: (path: string) => new ApiError(404, "NotFound", `The resource ${path} could not be found.`),
  invalidAction: (action: string) => new ApiError(400, "InvalidAction", `Unknown action (${action})`),
};
