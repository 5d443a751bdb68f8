import { describe, expect, it } from "vitest";
import { renderAlertEmail, renderDigestEmail, renderInvitationEmail } from "@/server/email/templates";

// Instrument, organisation and people's names come from users and from MyCirrus:
// in the HTML part they must arrive as text, never as markup.
const hostile = `<img src=x onerror="alert(1)">"Quay" & <script>x()</script>`;
const noMarkupFromInput = (html: string) => {
  expect(html).not.toContain("<img");
  expect(html).not.toContain("<script");
  expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
};

describe("email templates", () => {
  const at = new Date("2026-11-27T23:30:00Z");

  it("escape every user-given value in an alert email, and keep them readable in the text part", () => {
    const mail = renderAlertEmail({
      organizationName: hostile,
      instrumentName: hostile,
      serial: "QT800001",
      ruleName: hostile,
      severity: "critical",
      change: "opened",
      title: hostile,
      detail: hostile,
      at,
      timeZone: "Europe/London",
      alertUrl: `https://portal.test/o/alerts/1?x="><script>`,
      settingsUrl: "https://portal.test/o/notifications",
    });
    noMarkupFromInput(mail.html);
    expect(mail.html).toContain("&quot;&gt;&lt;script&gt;"); // the link's attribute is closed by nothing
    expect(mail.text).toContain(hostile);
    expect(mail.subject.startsWith("[Critical]")).toBe(true);
  });

  it("escape names in a digest and an invitation", () => {
    const digest = renderDigestEmail({
      organizationName: hostile,
      period: "daily",
      timeZone: "Asia/Tokyo",
      settingsUrl: "https://portal.test/s",
      inboxUrl: "https://portal.test/i",
      lines: [
        {
          title: hostile,
          instrumentName: hostile,
          serial: "QT800002",
          severity: "warning",
          change: "opened",
          at,
          url: "https://portal.test/a",
        },
      ],
    });
    noMarkupFromInput(digest.html);
    const invite = renderInvitationEmail({
      organizationName: hostile,
      inviterName: hostile,
      role: "viewer",
      link: "https://portal.test/invite/t",
      expiresAt: at,
    });
    noMarkupFromInput(invite.html);
  });

  it("show times in the recipient's zone", () => {
    const mail = renderDigestEmail({
      organizationName: "Acme",
      period: "hourly",
      timeZone: "Asia/Tokyo",
      settingsUrl: "s",
      inboxUrl: "i",
      lines: [
        {
          title: "Offline",
          instrumentName: "Quay",
          serial: "QT1",
          severity: "warning",
          change: "opened",
          at,
          url: "u",
        },
      ],
    });
    expect(mail.html).toContain("28 Nov 2026, 08:30 GMT+9");
  });
});
