/** `npm run worker`: the job consumers, as their own process (production). */
import { startWorker } from "@/server/jobs/worker";

const worker = await startWorker();
const stop = async () => {
  await worker.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
