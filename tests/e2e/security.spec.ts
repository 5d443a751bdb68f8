/**
 * The session cookie as Chromium stores it after signing in to the production
 * build (`next start`): HttpOnly (page scripts cannot read it), SameSite=Lax,
 * Path=/. The e2e server is plain http, where a browser refuses Secure cookies,
 * so Secure and the __Secure- prefix under https are proven against the same
 * handlers in tests/integration/session-cookie.test.ts. Also the security
 * headers next.config.js sets, as the production build really sends them.
 */
import { expect, test } from "@playwright/test";

test("the session cookie is HttpOnly, SameSite=Lax, Path=/ and invisible to page scripts", async ({
  page,
  context,
}) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("demo-password-1");
  const signingIn = Math.floor(Date.now() / 1000);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/demo$/);

  const session = (await context.cookies()).find((c) => c.name === "authjs.session-token");
  const signedIn = Math.ceil(Date.now() / 1000);
  expect(session, "session cookie").toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
  // A 30-day session, issued (or renewed) while signing in; Expires has whole seconds.
  const THIRTY_DAYS = 30 * 24 * 3600;
  expect(session!.expires).toBeGreaterThanOrEqual(signingIn + THIRTY_DAYS - 1);
  expect(session!.expires).toBeLessThanOrEqual(signedIn + THIRTY_DAYS + 1);
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
});

test("security headers on pages and API answers of the production build: CSP without eval, HSTS, no framing, no sniffing", async ({
  request,
}) => {
  for (const path of ["/signin", "/api/health"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toContain("default-src 'self'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).not.toContain("unsafe-eval"); // development only (React Refresh)
    expect(headers["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});
