/**
 * A local SMTP catcher for development and tests: accepts every message,
 * keeps it in memory, and serves the list as JSON over HTTP (the portal's
 * /dev/mail page reads it). Tests can make it refuse mail for a while
 * (temporarily or permanently) or pause it, to exercise retries. The
 * reliability runs also take its SMTP side down and up again on the same port
 * (an outage: connections refused) and slow its accepts down.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  id: number;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  date: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
}

export interface Mailbox {
  smtpUrl: string;
  /** Messages accepted again with a Message-ID already held (a sender's retry), and dropped. */
  duplicatesDropped(): number;
  httpUrl: string | null;
  messages(): CaughtMail[];
  clear(): void;
  /** Answer the next `count` messages with this SMTP error (4xx temporary, 5xx permanent). */
  refuse(count: number, code: 421 | 450 | 550): void;
  /** Accept the message but call `onAccepted` first (to kill a worker "after the server accepted"). */
  onAccepted(hook: ((mail: CaughtMail) => void) | null): void;
  waitFor(predicate: (all: CaughtMail[]) => boolean, timeoutMs?: number): Promise<CaughtMail[]>;
  /** SMTP outage: stop listening and drop open connections (caught mail is kept). */
  down(): Promise<void>;
  /** End of the outage: listen again on the same port. */
  up(): Promise<void>;
  /** Hold each accepted message this long before answering 250 (a slow server), 0 = at once. */
  acceptDelay(ms: number): void;
  stop(): Promise<void>;
}

export async function startMailbox(
  options: { smtpPort?: number; httpPort?: number | null; host?: string } = {},
): Promise<Mailbox> {
  const host = options.host ?? "127.0.0.1";
  const caught: CaughtMail[] = [];
  let refusals: { count: number; code: number } = { count: 0, code: 0 };
  let acceptedHook: ((mail: CaughtMail) => void) | null = null;
  let nextId = 1;
  let duplicates = 0;
  let delayMs = 0;

  const createSmtp = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      // An outage (down()) drops open connections after this grace instead of the default 30 s.
      closeTimeout: 100,
      size: 10 * 1024 * 1024,
      onData(stream, _session, callback) {
        if (refusals.count > 0) {
          refusals.count--;
          stream.resume();
          const error = Object.assign(new Error(refusals.code >= 500 ? "Mailbox unavailable" : "Try again later"), {
            responseCode: refusals.code,
          });
          stream.on("end", () => callback(error));
          return;
        }
        simpleParser(stream)
          .then((parsed) => {
            // Raw header lines, unfolded: mailparser restructures some (List-*) into objects.
            const headers: Record<string, string> = {};
            for (const { key, line } of parsed.headerLines)
              headers[key] = line
                .slice(line.indexOf(":") + 1)
                .replace(/\r?\n[ \t]+/g, " ")
                .trim();
            const to = Array.isArray(parsed.to) ? parsed.to.flatMap((a) => a.value) : (parsed.to?.value ?? []);
            const mail: CaughtMail = {
              id: nextId++,
              messageId: parsed.messageId ?? null,
              from: parsed.from?.text ?? "",
              to: to.map((a) => a.address ?? "").filter(Boolean),
              subject: parsed.subject ?? "",
              date: (parsed.date ?? new Date()).toISOString(),
              html: typeof parsed.html === "string" ? parsed.html : null,
              text: parsed.text ?? null,
              headers,
            };
            // Like real mail stores, a message whose Message-ID is already held is a
            // duplicate delivery (the sender retried after we accepted): keep one.
            if (mail.messageId && caught.some((m) => m.messageId === mail.messageId)) duplicates++;
            else caught.push(mail);
            acceptedHook?.(mail);
            if (delayMs > 0) setTimeout(() => callback(), delayMs);
            else callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  let smtp = createSmtp();
  let listening = true;
  await new Promise<void>((resolve) => smtp.listen(options.smtpPort ?? 0, host, resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const closeSmtp = async () => {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  };

  let web: http.Server | null = null;
  if (options.httpPort !== null && options.httpPort !== undefined) {
    web = http.createServer((req, res) => {
      if (req.method === "GET" && req.url === "/messages") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify([...caught].reverse()));
      } else if (req.method === "DELETE" && req.url === "/messages") {
        caught.length = 0;
        res.writeHead(204).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => web!.listen(options.httpPort ?? 0, host, resolve));
  }

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: web ? `http://${host}:${(web.address() as AddressInfo).port}` : null,
    messages: () => [...caught],
    duplicatesDropped: () => duplicates,
    clear: () => {
      caught.length = 0;
      duplicates = 0;
    },
    refuse: (count, code) => void (refusals = { count, code }),
    onAccepted: (hook) => void (acceptedHook = hook),
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(caught)) {
        if (Date.now() > deadline)
          throw new Error(`mailbox: condition not met within ${timeoutMs} ms (${caught.length} messages)`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return [...caught];
    },
    down: closeSmtp,
    async up() {
      if (listening) return;
      smtp = createSmtp();
      await new Promise<void>((resolve, reject) => {
        smtp.server.once("error", reject);
        smtp.listen(smtpPort, host, () => resolve());
      });
      listening = true;
    },
    acceptDelay: (ms) => void (delayMs = ms),
    async stop() {
      await closeSmtp();
      if (web) await new Promise<void>((resolve) => web!.close(() => resolve()));
    },
  };
}
