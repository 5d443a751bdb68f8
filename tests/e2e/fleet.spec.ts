/**
 * The demo organisation's morning: the fleet board shows the simulator's fleet
 * with the right counts, filters to the offline one, an instrument calibrates
 * live, the calibration page flags the drifting monitors, and the CSV holds
 * exactly the rows shown.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";

test.describe.configure({ mode: "serial" });

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("demo@example.com");
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/demo$/);
}

/** The first poll runs in the worker right after the server starts: reload until the board has it. */
async function openBoard(page: Page, query = "") {
  const rows = page.locator("table[aria-label=Instruments] [data-testid=fleet-row]");
  await expect(async () => {
    await page.goto(`/demo/fleet${query}`);
    await expect(rows.first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  return rows;
}

test("the fleet board shows the simulator's fleet with the right counts, and filters to the offline one", async ({
  page,
}) => {
  await signIn(page);
  const rows = await openBoard(page);
  await expect(rows).toHaveCount(12);
  await expect(page.getByTestId("count-measuring")).toHaveText("10 of 12"); // the offline one is not measuring
  await expect(page.getByTestId("count-online")).toHaveText("11 of 12");
  await expect(page.getByTestId("count-offline")).toHaveText("1");
  await expect(page.getByTestId("count-sic")).toHaveText("1");
  await expect(page.getByTestId("count-voltage")).toHaveText("1");
  await expect(page.getByTestId("fleet-updated")).toContainText(/Status updated \d+ (s|min) ago/);

  await page
    .getByRole("navigation", { name: "Filter" })
    .getByRole("link", { name: /Offline/ })
    .click();
  await expect(page).toHaveURL(/filter=offline/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-serial", "QT800004");
  await expect(rows.first()).toContainText("Offline");
  // The poll only noticed it go offline; its last data (2 d 3 h ago in the simulator) is found further back.
  await expect(rows.first()).toContainText(/since at least \d+ (s|min) ago/);
  await expect(rows.first()).toContainText("2 d ago");
  await expect(rows.first()).not.toContainText("never");

  await page
    .getByRole("navigation", { name: "Filter" })
    .getByRole("link", { name: /SIC failed/ })
    .click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-serial", "QT800002");

  await page.getByRole("navigation", { name: "Filter" }).getByRole("link", { name: /^All/ }).click();
  await expect(rows).toHaveCount(12);
  await page.getByLabel("Search instruments").fill("marina");
  await expect(page).toHaveURL(/q=marina/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-serial", "QT800008");
});

test("an instrument page starts a calibration and shows it finishing", async ({ page }) => {
  await signIn(page);
  await openBoard(page);
  await page.goto("/demo/instruments/QT800001");
  await expect(page.getByRole("heading", { name: "Harbour Road" })).toBeVisible();
  await page.getByRole("button", { name: "Calibrate" }).click();
  await expect(page.getByTestId("action-progress")).toContainText("Calibration in progress");
  // The simulator finishes after 5 s (set by the e2e server); the page polls the status every 2 s.
  await expect(page.getByTestId("action-result")).toContainText(/Calibration finished: Success/, { timeout: 45_000 });
  await expect(page.getByTestId("action-progress")).toHaveCount(0);
  await expect(page.getByTestId("figure-calibration")).not.toContainText("Running");
});

test("the calibration page flags the drifting instruments and the CSV holds the rows shown", async ({ page }) => {
  await signIn(page);
  await openBoard(page);
  await page.goto("/demo/calibration");
  await expect(page.locator("[data-testid=history-progress][data-for=all]")).toHaveText("Loaded 1 of 1 year", {
    timeout: 45_000,
  });
  await expect(page.locator("[data-testid=drift-row][data-serial=QT800003]")).toHaveAttribute("data-flagged", "true");
  await expect(page.locator("[data-testid=drift-row][data-serial=QT800001]")).toHaveAttribute("data-flagged", "false");

  // One instrument: every record is in the table, and the CSV has exactly those.
  await page.getByLabel("Instrument", { exact: true }).selectOption("QT800003");
  await expect(page.locator("[data-testid=history-progress][data-for=QT800003]")).toHaveText("Loaded 1 of 1 year", {
    timeout: 45_000,
  });
  const count = Number((await page.getByTestId("records-count").innerText()).split(" ")[0]);
  expect(count).toBeGreaterThan(10);
  const shownRows = page.getByTestId("record-row");
  await expect(shownRows).toHaveCount(Math.min(count, 30));
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const csv = await readFile(await (await download).path(), "utf8");
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toBe("instrument,name,time,status,level_dB,offset_dB");
  expect(lines).toHaveLength(count + 1);
  expect(lines.slice(1).every((l) => l.startsWith("QT800003,"))).toBe(true);
  // The newest row shown is the CSV's first row.
  const firstShown = await shownRows.first().locator("td").last().innerText();
  const shownNumber = Number(firstShown.replace("−", "-").replace(/[±+]|\s*dB/g, ""));
  expect(shownNumber).toBeCloseTo(Number(lines[1]!.split(",").at(-1)), 2);
});

test("a name full of markup stays text on the board, the instrument page and the map tooltip", async ({ page }) => {
  const hostile = `<img src=x onerror="window.__xss=1">Town Centre`;
  await signIn(page);
  await openBoard(page);
  await page.goto("/demo/instruments/AQ800010");
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("New name").fill(hostile);
  await page.getByRole("button", { name: "Save" }).click();
  // The new name is written through: no waiting for the next fleet poll.
  await expect(page.getByRole("heading", { name: hostile })).toBeVisible();

  const rows = await openBoard(page);
  await expect(rows.filter({ hasText: hostile })).toHaveAttribute("data-serial", "AQ800010");
  // Open every marker's tooltip (Leaflet fills a tooltip only when it opens).
  const markers = page.locator("path.leaflet-interactive");
  await expect(markers).toHaveCount(12);
  await markers.evaluateAll((paths) =>
    paths.forEach((p) => p.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }))),
  );
  await expect(page.locator(".leaflet-tooltip").filter({ hasText: hostile })).toHaveCount(1);
  await expect(page.locator(".leaflet-tooltip img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
});
