/**
 * The foundation's user journey: sign up → create organisation → invite →
 * the invitee accepts in a second browser → a viewer cannot change roles →
 * the last owner cannot be demoted.
 */
import { expect, test, type Page } from "@playwright/test";

const run = Date.now().toString(36);
const owner = { name: "Olivia Owner", email: `olivia-${run}@example.test`, password: "olivia-long-password" };
const invitee = { name: "Victor Viewer", email: `victor-${run}@example.test`, password: "victor-long-password" };
const orgName = `Harbour Noise ${run}`;

async function signUp(page: Page, person: typeof owner, path = "/signup") {
  await page.goto(path);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

test.describe.configure({ mode: "serial" });

test("a team forms: sign up, create an organisation, invite a viewer who joins; roles hold", async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();

  await signUp(ownerPage, owner);
  await expect(ownerPage).toHaveURL(/\/orgs\/new$/);
  await ownerPage.getByLabel("Organisation name").fill(orgName);
  await ownerPage.getByRole("button", { name: "Create organisation" }).click();
  await expect(ownerPage.getByRole("heading", { name: orgName })).toBeVisible();
  const slug = new URL(ownerPage.url()).pathname.slice(1);

  await ownerPage.getByRole("link", { name: "Members", exact: true }).click();
  await ownerPage.getByLabel("Email address").fill(invitee.email);
  await ownerPage.getByLabel("Role", { exact: true }).selectOption("viewer");
  await ownerPage.getByRole("button", { name: "Send invitation" }).click();
  const link = await ownerPage.getByTestId("invite-link").inputValue();
  expect(link).toContain("/invite/");
  await expect(ownerPage.getByTestId(`invitation-${invitee.email}`)).toContainText("pending");

  // The invitee, in a browser of their own, follows the link and signs up.
  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  await inviteePage.goto(new URL(link).pathname);
  await expect(inviteePage.getByRole("heading", { name: orgName })).toBeVisible();
  await inviteePage.getByRole("link", { name: "Create an account to join" }).click();
  await expect(inviteePage.getByLabel("Work email")).toHaveValue(invitee.email);
  await inviteePage.getByLabel("Your name").fill(invitee.name);
  await inviteePage.getByLabel("Password").fill(invitee.password);
  await inviteePage.getByRole("button", { name: "Create account" }).click();
  await inviteePage.getByRole("button", { name: `Join ${orgName}` }).click();
  await expect(inviteePage).toHaveURL(new RegExp(`/${slug}$`));
  await expect(inviteePage.getByTestId("current-org")).toHaveText(orgName);

  // A viewer sees the members but no control to change them.
  await inviteePage.getByRole("link", { name: "Members", exact: true }).click();
  await expect(inviteePage.getByTestId(`member-${owner.email}`)).toContainText("Owner");
  await expect(inviteePage.getByRole("combobox")).toHaveCount(0);
  await expect(inviteePage.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await expect(inviteePage.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  // And the server refuses even if the viewer sends the request by hand.
  const forged = await inviteePage.request.post("/api/trpc/members.updateRole", {
    data: { json: { orgSlug: slug, membershipId: "any-membership", role: "viewer" } },
  });
  expect(forged.status()).toBe(403);
  // A page on another site cannot make the owner's browser change anything either.
  const crossSite = await ownerPage.request.post("/api/trpc/organization.update", {
    headers: { origin: "https://evil.example" },
    data: { json: { orgSlug: slug, name: "Pwned" } },
  });
  expect(crossSite.status()).toBe(403);

  // The owner sees the invitee joined, and cannot demote themself as the last owner.
  await ownerPage.reload();
  await expect(ownerPage.getByTestId(`member-${invitee.email}`)).toContainText("Victor Viewer");
  await ownerPage.getByLabel(`Role of ${owner.name}`).selectOption("admin");
  await expect(ownerPage.getByRole("alert").filter({ hasText: "at least one owner" })).toBeVisible();
  await ownerPage.reload();
  await expect(ownerPage.getByLabel(`Role of ${owner.name}`)).toHaveValue("owner");

  await ownerPage.reload();
  await expect(ownerPage.getByTestId("current-org")).toHaveText(orgName); // the cross-site rename changed nothing
  await ownerContext.close();
  await inviteeContext.close();
});

test("bad input gets clear messages: wrong password, duplicate email, invalid invitation link", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match an account" })).toBeVisible();

  await signUp(page, { ...owner, name: "Impostor" });
  await expect(page.getByText("An account with this email already exists")).toBeVisible();

  await page.goto("/invite/this-token-does-not-exist-at-all-xxxxxxxxxxxx");
  await expect(page.getByText("This invitation link is not valid")).toBeVisible();
});
