/**
 * Issue 6 in a browser: a new organisation connects to the simulator, makes
 * the offline rule fire at once, an instrument goes offline, the alert arrives
 * in the inbox through the webhook path; on its page the owner acknowledges,
 * comments and assigns it; back online resolves it automatically, and the
 * timeline tells the whole story.
 *
 * The organisation gets a simulator account of its own (not the demo key the
 * e2e server's demo organisation uses): one MyCirrus account's webhooks belong
 * to one portal organisation, so sharing the demo's would take them over.
 */
import { expect, test } from "@playwright/test";
import { E2E_SIMULATOR_PORT } from "../../scripts/lib/e2e-ports";
import { SimulatorControl } from "../../simulator/control";

const simulator = new SimulatorControl(`http://127.0.0.1:${E2E_SIMULATOR_PORT}`);
const run = Date.now().toString(36);
const owner = { name: "Alex Alerts", email: `alex-${run}@example.test`, password: "alex-long-password" };
const orgName = `Quayside Monitoring ${run}`;

test("an instrument goes offline: the alert arrives, is acknowledged, commented, assigned, and resolves itself when it is back", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const account = await simulator.createAccount(2, `Alerts e2e ${run}`);
  const serial = account.serials[0]!;
  await simulator.setOnline(serial, true);

  // Sign up, create the organisation.
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Work email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await page.getByLabel("Organisation name").fill(orgName);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByRole("heading", { name: orgName })).toBeVisible();
  const slug = new URL(page.url()).pathname.slice(1);

  // Settings: the simulator's key, and the offline rule at 0 minutes.
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByLabel("MyCirrus API key").fill(account.key);
  await page.getByLabel("MyCirrus address").selectOption({ label: "MyCirrus simulator (demo data)" });
  await page.getByRole("button", { name: "Test and save" }).click();
  await expect(page.getByText("Connected", { exact: true })).toBeVisible();
  const offlineRule = page.getByRole("listitem").filter({ has: page.getByLabel("Offline for more than (minutes)") });
  await offlineRule.getByLabel("Offline for more than (minutes)").fill("0");
  await offlineRule.getByRole("button", { name: "Save" }).click();
  await expect(offlineRule.getByRole("status")).toHaveText("Saved");

  // Fleet: poll now; the poll registers the webhooks, which settings then shows.
  await page.goto(`/${slug}/fleet`);
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(async () => {
    await page.goto(`/${slug}/settings`);
    await expect(page.getByText("All registered")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [500] });

  try {
    // Offline in the simulator → InstrumentStatus webhook → alert in the inbox.
    const offlineAt = Date.now();
    await simulator.setOnline(serial, false);
    const row = page
      .getByTestId("alert-row")
      .filter({ hasText: serial })
      .filter({ hasText: /offline/i });
    await expect(async () => {
      await page.goto(`/${slug}/alerts`);
      await expect(row).toHaveCount(1, { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [250] });
    // Normally "via webhook" within a second or two; the minute's poll may, rarely, get there first.
    console.log(
      `offline → alert in the inbox: ${Date.now() - offlineAt} ms, ${(await row.innerText()).match(/via \w+/)?.[0]}`,
    );

    // Its page.
    await row.getByRole("link", { name: /is offline/ }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/alerts/[\\w-]+$`));
    const alertUrl = page.url();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(serial);
    await expect(page.getByTestId("alert-state")).toHaveText("Open");
    await expect(page.getByRole("link", { name: new RegExp(serial) })).toHaveAttribute(
      "href",
      new RegExp(`/${slug}/instruments/${serial}\\?at=\\d{4}-`),
    );
    await expect(page.getByTestId("timeline-item")).toHaveCount(1);

    await page.getByRole("button", { name: "Acknowledge" }).click();
    await expect(page.getByTestId("alert-state")).toHaveText("Acknowledged");
    await expect(page.getByTestId("acknowledged")).toContainText(`by ${owner.name}`);
    await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);

    // An empty comment gets a message beside the field; a real one lands in the timeline.
    await page.getByRole("button", { name: "Add comment" }).click();
    await expect(page.getByText("Write a comment first")).toBeVisible();
    await page.getByLabel("Comment", { exact: true }).fill("Power cut at the quay; engineer on the way.");
    await page.getByRole("button", { name: "Add comment" }).click();
    await expect(page.locator("[data-testid=timeline-item][data-kind=comment]")).toContainText(
      "Power cut at the quay; engineer on the way.",
    );
    await expect(page.getByLabel("Comment", { exact: true })).toHaveValue("");

    await page.getByLabel("Assignee").selectOption({ label: owner.name });
    await expect(page.locator("[data-testid=timeline-item][data-kind=assigned]")).toContainText(
      `assigned it to ${owner.name}`,
    );

    // Back online → resolved automatically, without anyone touching it.
    await simulator.setOnline(serial, true);
    await expect(async () => {
      await page.goto(alertUrl);
      await expect(page.getByTestId("alert-state")).toHaveText("Resolved", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [250] });
    await expect(page.getByTestId("resolved")).toContainText("Automatically");
    await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
    const kinds = await page
      .getByTestId("timeline-item")
      .evaluateAll((items) => items.map((i) => i.getAttribute("data-kind")));
    expect(kinds).toEqual(["opened", "acknowledged", "comment", "assigned", "resolved"]);
    await expect(page.locator("[data-testid=timeline-item][data-kind=resolved]")).toContainText(
      "Resolved automatically",
    );

    // Alert emails link to the inbox with ?alert=<id>: that lands on the alert's page.
    await page.goto(`/${slug}/alerts?alert=${alertUrl.split("/").at(-1)}`);
    await expect(page).toHaveURL(alertUrl);

    // An alert id that is not this organisation's: 404.
    expect((await page.goto(`/${slug}/alerts/not-an-alert-here`))?.status()).toBe(404);
  } finally {
    await simulator.setOnline(serial, true);
  }
});
