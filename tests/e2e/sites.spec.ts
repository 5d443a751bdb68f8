/**
 * Issue 14 in a browser: a consultant creates a site, applies the BS 5228-1
 * Category B preset (shortened to 15-minute windows so the test need not wait
 * for a whole period), deploys two monitors at named positions, the simulator
 * makes one louder than the trigger level and the other louder than the limit,
 * and the amber and red alerts arrive naming site and position. A member
 * invited to that site only sees it, and not the organisation's other site.
 *
 * Its own simulator account, as in alerts.spec.ts: one MyCirrus account's
 * webhooks belong to one portal organisation.
 */
import { expect, test } from "@playwright/test";
import { rowsAt } from "../../lib/limit-schedule";
import { presetRows } from "../../lib/limit-presets";
import { E2E_SIMULATOR_PORT } from "../../scripts/lib/e2e-ports";
import { SimulatorControl } from "../../simulator/control";

const simulator = new SimulatorControl(`http://127.0.0.1:${E2E_SIMULATOR_PORT}`);
const run = Date.now().toString(36);
const owner = { name: "Cara Consultant", email: `cara-${run}@example.test`, password: "cara-long-password" };
const manager = { name: "Sid Sitemanager", email: `sid-${run}@example.test`, password: "sid-long-password" };
const orgName = `Quay Acoustics ${run}`;
const ZONE = "Europe/London";
const MINUTE = 60_000;

/** "YYYY-MM-DDTHH:MM" in London, as a datetime-local input in the site's timezone takes it. */
function londonLocal(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: ZONE,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

test("a site under BS 5228 Category B: deploy two monitors, amber and red alerts name site and position, a site-limited member sees only that site", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  // Generated instruments may be offline for hours or flaky; pick two that measured all along, hide the rest.
  const account = await simulator.createAccount(6, `Sites e2e ${run}`);
  const healthy: string[] = [];
  for (const serial of account.serials) {
    const view = (await simulator.instrument(serial)) as {
      online?: boolean;
      measuring?: boolean;
      profile?: { flaky?: boolean };
    };
    if (view.online && view.measuring && !view.profile?.flaky) healthy.push(serial);
  }
  expect(healthy.length).toBeGreaterThanOrEqual(2);
  const [quiet, loud] = healthy as [string, string];

  // Sign up, create the organisation, connect the simulator's key, poll once.
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Work email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Organisation name").fill(orgName);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByRole("heading", { name: orgName })).toBeVisible();
  const slug = new URL(page.url()).pathname.slice(1);
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByLabel("MyCirrus API key").fill(account.key);
  await page.getByLabel("MyCirrus address").selectOption({ label: "MyCirrus simulator (demo data)" });
  await page.getByRole("button", { name: "Test and save" }).click();
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  await page.goto(`/${slug}/fleet`);
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(async () => {
    await page.goto(`/${slug}/fleet`);
    await expect(page.getByTestId("fleet-row").filter({ visible: true })).toHaveCount(6, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // Two sites: the job, and another client's.
  await page.goto(`/${slug}/sites`);
  await expect(
    page
      .getByText(/what a site is|no sites/i)
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
  for (const [name, code] of [
    ["Quay Street Works", "QSW"],
    ["Other Client Job", "OCJ"],
  ] as const) {
    await page.goto(`/${slug}/sites`);
    await page.getByRole("button", { name: "New site" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Short code").fill(code);
    await dialog.getByRole("button", { name: "Create site" }).click();
    await expect(page.getByText(name).filter({ visible: true }).first()).toBeVisible();
  }

  // The schedule: BS 5228-1 Category B, every row's T shortened to 15 minutes, in force from two hours ago.
  const since = new Date(Math.floor((Date.now() - 2 * 60 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE);
  await page.goto(`/${slug}/sites/QSW`);
  await page.getByRole("button", { name: "Set limits" }).click();
  await page.getByRole("group", { name: "Presets" }).getByRole("button", { name: "BS 5228 Category B" }).click();
  const averaging = page.getByLabel(/Averaging time T/);
  const rows = await averaging.count();
  expect(rows).toBe(presetRows("bs5228-b").length);
  for (let i = 0; i < rows; i++) await averaging.nth(i).selectOption({ label: "15 min" });
  await page.getByLabel("Takes effect from").fill(londonLocal(since));
  await page.getByRole("button", { name: "Save as version 1" }).click();
  await expect(
    page
      .getByText(/Version 1/)
      .filter({ visible: true })
      .first(),
  ).toBeVisible();

  // Deploy both monitors, back-dated to when the limits began.
  for (const [serial, position] of [
    [quiet, "NML1 – façade of 1 Quay St"],
    [loud, "NML2 – Marina steps"],
  ] as const) {
    await page.getByRole("button", { name: "Deploy a monitor" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Monitor").selectOption({ value: serial });
    await dialog.getByLabel("Measurement position").fill(position);
    await dialog.getByLabel(/Façade/).check();
    await dialog.getByLabel("Deployed from").fill(londonLocal(since));
    await dialog.getByRole("button", { name: "Deploy monitor" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(position).filter({ visible: true }).first()).toBeVisible();
  }

  // The simulator: in every 15-minute window since then, one monitor 2 dB over the trigger level in force, the other 3 dB over the limit.
  const preset = presetRows("bs5228-b");
  for (let t = since.getTime(); t < Date.now() + 15 * MINUTE; t += 15 * MINUTE) {
    const [row] = rowsAt(preset, new Date(t), ZONE);
    const window = { from: new Date(t).toISOString(), to: new Date(t + 15 * MINUTE).toISOString() };
    await simulator.shiftLevel(quiet, { level: row!.triggerDb! + 2, ...window });
    await simulator.shiftLevel(loud, { level: row!.limitDb + 3, ...window });
  }

  try {
    // The minute's poll judges the windows since the back-dated deployment: amber for one, red for the other.
    const amber = page
      .getByTestId("alert-row")
      .filter({ hasText: quiet })
      .filter({ hasText: "above the trigger level" });
    const red = page.getByTestId("alert-row").filter({ hasText: loud }).filter({ hasText: "above the limit" });
    await expect(async () => {
      await page.goto(`/${slug}/alerts`);
      await expect(amber).toHaveCount(1, { timeout: 500 });
      await expect(red).toHaveCount(1, { timeout: 500 });
    }).toPass({ timeout: 150_000, intervals: [2000] });
    await expect(amber).toContainText("Quay Street Works · NML1 – façade of 1 Quay St");
    await expect(amber).toContainText(/warning/i);
    await expect(red).toContainText("Quay Street Works · NML2 – Marina steps");
    await expect(red).toContainText(/critical/i);
  } finally {
    await simulator.shiftLevel(quiet, { clear: true });
    await simulator.shiftLevel(loud, { clear: true });
  }

  // Invite the site manager to Quay Street Works only.
  await page.goto(`/${slug}/members`);
  await page.getByLabel("Email address").fill(manager.email);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByLabel("Only these sites").check();
  await page.getByRole("group", { name: "Sites" }).getByLabel("Quay Street Works").check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = await page.getByTestId("invite-link").inputValue();

  const managerContext = await browser.newContext();
  const managerPage = await managerContext.newPage();
  await managerPage.goto(new URL(link).pathname);
  await managerPage.getByRole("link", { name: "Create an account to join" }).click();
  await managerPage.getByLabel("Your name").fill(manager.name);
  await managerPage.getByLabel("Password").fill(manager.password);
  await managerPage.getByRole("button", { name: "Create account" }).click();
  await managerPage.getByRole("button", { name: `Join ${orgName}` }).click();
  await expect(managerPage).toHaveURL(new RegExp(`/${slug}$`));

  await managerPage.goto(`/${slug}/sites`);
  await expect(managerPage.getByText("Quay Street Works").filter({ visible: true }).first()).toBeVisible();
  await expect(managerPage.getByText("Other Client Job")).toHaveCount(0);
  const other = await managerPage.goto(`/${slug}/sites/OCJ`);
  expect(other?.status()).toBe(404);
  await managerPage.goto(`/${slug}/alerts`);
  await expect(managerPage.getByTestId("alert-row").filter({ hasText: "Quay Street Works" }).first()).toBeVisible();
  await managerPage.goto(`/${slug}/fleet`);
  // Only the two monitors deployed at their site.
  await expect(managerPage.getByTestId("fleet-row").filter({ visible: true })).toHaveCount(2);
  await managerContext.close();
});
