/**
 * Run as a child process by the email tests: one dispatch round, so the test
 * can SIGKILL a real worker process between "SMTP accepted" and "marked sent".
 */
import { dispatchDueEmails } from "@/server/services/notifications";

await dispatchDueEmails();
console.log("dispatch finished");
process.exit(0);
