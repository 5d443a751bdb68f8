/**
 * The session cookie as Chromium stores it after signing in to the production
 * build (`next start`): HttpOnly (page scripts cannot read it), SameSite=Lax,
 * Path=/. The e2e server is plain http, where a browser refuses Secure cookies,
 * so Secure and the __Secure- prefix under https are proven against the same
 * handlers in tests/integration/session-cookie.test.ts.
 */
import { expect, test } from "@playwright/test";

test("the session cookie is HttpOnly, SameSite=Lax, Path=/ and invisible to page scripts", async ({ page, context }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/demo$/);

  const session = (await context.cookies()).find((c) => c.name === "authjs.session-token");
  expect(session, "session cookie").toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
  expect(session!.expires).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600); // 30-day session
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
});
