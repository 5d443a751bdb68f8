// Small HTTP helpers on node:http: JSON responses, error bodies, bounded body reading.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, errors } from "./errors.js";

export const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  sendText(res, status, text, "application/json; charset=utf-8", headers);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const buf = Buffer.from(text, "utf8");
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": String(buf.length), ...headers });
  res.end(buf);
}

export function sendBytes(res: ServerResponse, status: number, bytes: Buffer, contentType: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": String(bytes.length) });
  res.end(bytes);
}

export function sendNoContent(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(204);
  res.end();
}

export function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.status, { error: err.code, description: err.description }, err.headers);
}

/** Read the request body, refusing more than MAX_BODY_BYTES (413). */
function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(errors.payloadTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(errors.payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (e) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    });
  });
}

/** Read and parse a JSON object body; malformed JSON or a non-object is 400 InvalidBody. */
export async function readJsonObject(req: IncomingMessage, allowEmpty = false): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  const text = raw.toString("utf8").trim();
  if (text === "") {
    if (allowEmpty) return {};
    throw errors.invalidBody("The request body is empty; a JSON object was expected.");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.invalidBody("The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw errors.invalidBody("The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/** All values of a query parameter, accepting both repeated keys and comma-joined values. */
export function queryList(q: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (const raw of [...q.getAll(name), ...q.getAll(`${name}[]`)]) {
    for (const part of raw.split(",")) {
      const v = part.trim();
      if (v) out.push(v);
    }
  }
  return out;
}
