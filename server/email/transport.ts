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

/** Messages in flight at once (also the SMTP pool size). */
export const SEND_CONCURRENCY = 5;

let cached: { url: string; transporter: Transporter } | undefined;

export function smtpTransport(): MailTransport | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  if (cached?.url !== url) {
    // A small pool of kept-open connections: a fan-out to many recipients
    // must not pay a TCP and SMTP handshake per message.
    // Options ride in the URL's query (nodemailer reads them there), after any the operator set.
    const withOptions = new URL(url);
    const defaults = {
      pool: "true",
      maxConnections: String(SEND_CONCURRENCY),
      maxMessages: "500",
      connectionTimeout: "10000",
      greetingTimeout: "10000",
      socketTimeout: "20000",
    };
    for (const [key, value] of Object.entries(defaults))
      if (!withOptions.searchParams.has(key)) withOptions.searchParams.set(key, value);
    cached = { url, transporter: nodemailer.createTransport(withOptions.toString()) };
  }
  const transporter = cached.transporter;
  return {
    async send(m) {
      const info = await transporter.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        html: m.html,
        text: m.text,
        messageId: m.messageId,
        headers: m.headers,
      });
      return { messageId: info.messageId };
    },
  };
}

/** SMTP reply codes 5xx are permanent (bad address, rejected); everything else is worth retrying. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
