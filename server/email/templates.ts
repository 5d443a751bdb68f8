/**
 * Email bodies: good-looking HTML (inline styles, tables — what mail clients
 * render) plus an equivalent plain-text part. Times in the recipient's zone.
 */
import { formatInZone } from "@/lib/local-time";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function layout(opts: { preheader: string; heading: string; accent: string; body: string; footer: string }): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(opts.heading)}</title></head>
<body style="margin:0;padding:0;background:#f1f5f9;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
<span style="display:none;max-height:0;overflow:hidden">${esc(opts.preheader)}</span>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9;padding:24px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;overflow:hidden;border:1px solid #e2e8f0">
<tr><td style="background:${opts.accent};height:4px;font-size:0;line-height:0">&nbsp;</td></tr>
<tr><td style="padding:24px 28px 8px"><p style="margin:0;font-size:13px;font-weight:600;color:#17847a">Fleet Portal</p>
<h1 style="margin:8px 0 0;font-size:20px;line-height:28px">${esc(opts.heading)}</h1></td></tr>
<tr><td style="padding:8px 28px 24px;font-size:14px;line-height:22px">${opts.body}</td></tr>
<tr><td style="padding:16px 28px;background:#f8fafc;border-top:1px solid #e2e8f0;font-size:12px;line-height:18px;color:#64748b">${opts.footer}</td></tr>
</table></td></tr></table></body></html>`;
}

const button = (href: string, label: string) =>
  `<a href="${esc(href)}" style="display:inline-block;background:#17847a;color:#ffffff;text-decoration:none;font-weight:600;padding:10px 16px;border-radius:8px">${esc(label)}</a>`;

const row = (label: string, value: string) =>
  `<tr><td style="padding:6px 0;color:#64748b;width:130px;vertical-align:top">${esc(label)}</td><td style="padding:6px 0;font-weight:500">${esc(value)}</td></tr>`;

export interface AlertEmailInput {
  organizationName: string;
  instrumentName: string;
  serial: string;
  ruleName: string;
  severity: string;
  change: "opened" | "retriggered" | "escalated" | "resolved" | "acknowledged" | "reopened";
  title: string;
  /** "Harbour Road · NML1 – façade of 12 High St" when the instrument is deployed at a site. */
  site?: string | null;
  detail: string | null;
  at: Date;
  timeZone: string;
  alertUrl: string;
  settingsUrl: string;
}

const CHANGE_WORD: Record<AlertEmailInput["change"], string> = {
  opened: "New alert",
  retriggered: "Alert again",
  escalated: "Alert now critical",
  reopened: "Alert reopened",
  acknowledged: "Alert acknowledged",
  resolved: "Resolved",
};

export function renderAlertEmail(a: AlertEmailInput): RenderedEmail {
  const resolved = a.change === "resolved";
  const severity = a.severity === "critical" ? "Critical" : "Warning";
  // Rule titles usually name the instrument already; say it once.
  const where = a.title.includes(a.serial) ? "" : ` — ${a.instrumentName} (${a.serial})`;
  const subject = `${resolved ? "Resolved:" : `[${severity}]`} ${a.title}${where}`;
  const when = formatInZone(a.at, a.timeZone);
  const accent = resolved ? "#059669" : a.severity === "critical" ? "#e11d48" : "#d97706";
  const html = layout({
    preheader: `${CHANGE_WORD[a.change]}: ${a.title} at ${a.instrumentName}, ${when}`,
    heading: `${CHANGE_WORD[a.change]}: ${a.title}`,
    accent,
    body: `<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:8px 0 16px">
${row("Instrument", `${a.instrumentName} (${a.serial})`)}${a.site ? row("Site", a.site) : ""}${row("Rule", a.ruleName)}${row("Severity", severity)}${row(resolved ? "Resolved at" : "Time", when)}${a.detail ? row("Detail", a.detail) : ""}${row("Organisation", a.organizationName)}
</table>${button(a.alertUrl, "Open the alert")}`,
    footer: `You receive this because of your alert email settings in ${esc(a.organizationName)}. <a href="${esc(a.settingsUrl)}" style="color:#17847a">Change what you receive</a> or use the unsubscribe link of your mail app.`,
  });
  const text = [
    `${CHANGE_WORD[a.change]}: ${a.title}`,
    "",
    `Instrument:   ${a.instrumentName} (${a.serial})`,
    `Rule:         ${a.ruleName}`,
    `Severity:     ${severity}`,
    `${resolved ? "Resolved at: " : "Time:        "} ${when}`,
    ...(a.detail ? [`Detail:       ${a.detail}`] : []),
    `Organisation: ${a.organizationName}`,
    "",
    `Open the alert: ${a.alertUrl}`,
    "",
    `Change what you receive: ${a.settingsUrl}`,
  ].join("\n");
  return { subject, html, text };
}

export interface DigestLine {
  title: string;
  instrumentName: string;
  serial: string;
  severity: string;
  change: string;
  at: Date;
  url: string;
}

export function renderDigestEmail(d: {
  organizationName: string;
  period: "hourly" | "daily";
  lines: DigestLine[];
  timeZone: string;
  settingsUrl: string;
  inboxUrl: string;
}): RenderedEmail {
  const opened = d.lines.filter((l) => l.change !== "resolved").length;
  const resolved = d.lines.length - opened;
  const subject = `${d.organizationName}: ${opened} alert${opened === 1 ? "" : "s"}${resolved ? `, ${resolved} resolved` : ""} (${d.period} digest)`;
  const items = d.lines
    .map(
      (l) =>
        `<tr><td style="padding:8px 0;border-top:1px solid #e2e8f0"><a href="${esc(l.url)}" style="color:#0f172a;font-weight:600;text-decoration:none">${esc(l.title)}</a><br><span style="color:#64748b;font-size:12px">${esc(l.instrumentName)} (${esc(l.serial)}) · ${esc(l.change === "resolved" ? "resolved" : l.severity)} · ${esc(formatInZone(l.at, d.timeZone))}</span></td></tr>`,
    )
    .join("");
  const html = layout({
    preheader: subject,
    heading: `Your ${d.period} alert digest`,
    accent: "#17847a",
    body: `<p style="margin:0 0 8px">${esc(d.organizationName)}: ${opened} new or repeated, ${resolved} resolved.</p><table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:0 0 16px">${items}</table>${button(d.inboxUrl, "Open the alert inbox")}`,
    footer: `<a href="${esc(d.settingsUrl)}" style="color:#17847a">Change what you receive</a>.`,
  });
  const text = [
    `Your ${d.period} alert digest — ${d.organizationName}`,
    "",
    ...d.lines.map(
      (l) =>
        `- ${l.title} — ${l.instrumentName} (${l.serial}), ${l.change === "resolved" ? "resolved" : l.severity}, ${formatInZone(l.at, d.timeZone)}\n  ${l.url}`,
    ),
    "",
    `Alert inbox: ${d.inboxUrl}`,
    `Change what you receive: ${d.settingsUrl}`,
  ].join("\n");
  return { subject, html, text };
}

export function renderInvitationEmail(i: {
  organizationName: string;
  inviterName: string;
  role: string;
  link: string;
  expiresAt: Date;
}): RenderedEmail {
  const subject = `${i.inviterName} invited you to ${i.organizationName} on Fleet Portal`;
  const expires = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(i.expiresAt);
  const html = layout({
    preheader: subject,
    heading: `Join ${i.organizationName}`,
    accent: "#17847a",
    body: `<p style="margin:0 0 16px">${esc(i.inviterName)} invited you to join <strong>${esc(i.organizationName)}</strong> as <strong>${esc(i.role)}</strong>, to watch its noise monitors, their calibration and alerts.</p>${button(i.link, "Accept the invitation")}<p style="margin:16px 0 0;color:#64748b;font-size:12px">The link works once and expires on ${esc(expires)}.</p>`,
    footer: "If you did not expect this, you can ignore this email.",
  });
  const text = `${subject}\n\nYou are invited as ${i.role}. Accept: ${i.link}\n\nThe link works once and expires on ${expires}.\nIf you did not expect this, you can ignore this email.`;
  return { subject, html, text };
}
