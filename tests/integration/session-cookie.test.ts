/**
 * The session cookie's flags, from a real credentials sign-in through the
 * portal's own next-auth route handlers (in-process, real Postgres): always
 * HttpOnly, SameSite=Lax, Path=/; Secure with the __Secure- prefix whenever the
 * portal is served over https, including behind a proxy that ends TLS and says
 * nothing (PUBLIC_URL is https). The e2e test tests/e2e/security.spec.ts
 * checks the same flags in Chromium against `next start`, which is plain http.
 */
import { NextRequest } from "next/server.js";
import { afterAll, describe, expect, it } from "vitest";
import { handlers } from "@/server/auth/config";
import { configureEnv } from "@/server/env";
import { createUser, TEST_PASSWORD } from "../support/factories";

interface Cookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

function parseSetCookie(header: string): Cookie {
  const [pair, ...rest] = header.split(";").map((s) => s.trim());
  const at = pair!.indexOf("=");
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const [key, ...value] = part.split("=");
    attributes[key!.toLowerCase()] = value.length ? value.join("=").toLowerCase() : true;
  }
  return { name: pair!.slice(0, at), value: pair!.slice(at + 1), attributes };
}

/** CSRF token, then the credentials callback, as the sign-in form does. Returns every cookie set. */
async function signIn(origin: string, email: string, headers: Record<string, string> = {}): Promise<Cookie[]> {
  const csrf = await handlers.GET(new NextRequest(`${origin}/api/auth/csrf`, { headers }));
  expect(csrf.status).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = csrf.headers.getSetCookie();
  const callback = await handlers.POST(
    new NextRequest(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        ...headers,
        "content-type": "application/x-www-form-urlencoded",
        cookie: csrfCookies.map((c) => c.split(";")[0]).join("; "),
      },
      body: new URLSearchParams({ csrfToken, email, password: TEST_PASSWORD, callbackUrl: `${origin}/` }),
    }),
  );
  expect(callback.status).toBe(302);
  return [...csrfCookies, ...callback.headers.getSetCookie()].map(parseSetCookie);
}

function sessionCookie(cookies: Cookie[]): Cookie {
  const found = cookies.find((c) => /(^|-)authjs\.session-token$/.test(c.name) && c.value !== "");
  if (!found) throw new Error(`no session cookie among ${cookies.map((c) => c.name).join(", ")}`);
  return found;
}

afterAll(() => configureEnv({ PUBLIC_URL: undefined }));

describe("session cookie flags", () => {
  it("plain http (dev, the e2e server): HttpOnly, SameSite=Lax, Path=/, not Secure, no prefix", async () => {
    configureEnv({ PUBLIC_URL: undefined });
    const user = await createUser();
    const cookie = sessionCookie(await signIn("http://portal.test", user.email));
    expect(cookie.name).toBe("authjs.session-token");
    expect(cookie.attributes).toMatchObject({ httponly: true, samesite: "lax", path: "/" });
    expect(cookie.attributes.secure).toBeUndefined();
  });

  it("https PUBLIC_URL behind a TLS-ending proxy that sends plain http: Secure, __Secure- prefix", async () => {
    configureEnv({ PUBLIC_URL: "https://portal.example.com" });
    const user = await createUser();
    const cookies = await signIn("http://portal.internal:3000", user.email);
    const cookie = sessionCookie(cookies);
    expect(cookie.name).toBe("__Secure-authjs.session-token");
    expect(cookie.attributes).toMatchObject({ httponly: true, samesite: "lax", path: "/", secure: true });
    // Every cookie Auth.js sets is Secure and prefixed; the CSRF cookie is host-only (__Host-).
    for (const c of cookies) {
      expect(c.attributes.secure, c.name).toBe(true);
      expect(c.name, c.name).toMatch(/^__(Secure|Host)-/);
      expect(c.attributes.httponly, c.name).toBe(true);
    }
    expect(cookies.find((c) => c.name.endsWith("csrf-token"))?.name).toBe("__Host-authjs.csrf-token");
  });

  it("https request (X-Forwarded-Proto) without PUBLIC_URL: Secure, __Secure- prefix", async () => {
    configureEnv({ PUBLIC_URL: undefined });
    const user = await createUser();
    const cookie = sessionCookie(
      await signIn("https://portal.example.com", user.email, { "x-forwarded-proto": "https" }),
    );
    expect(cookie.name).toBe("__Secure-authjs.session-token");
    expect(cookie.attributes).toMatchObject({ httponly: true, samesite: "lax", path: "/", secure: true });
  });
});
