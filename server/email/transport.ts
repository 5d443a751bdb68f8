/** SMTP through nodemailer, configured by SMTP_URL. */
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/server/env";

export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
}

let cached: { url: string; transporter: Transporter } | undefined;

export function smtpTransport(): MailTransport | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  if (cached?.url !== url) {
    cached = { url, transporter: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }) };
  }
  const transporter = cached.transporter;
  return {
    async send(m) {
      const info = await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, html: m.html, text: m.text, messageId: m.messageId, headers: m.headers });
      return { messageId: info.messageId };
    },
  };
}

/** SMTP reply codes 5xx are permanent (bad address, rejected); everything else is worth retrying. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
