/** MyCirrus webhook deliveries (see server/webhooks/receiver.ts). */
import { receiveWebhook } from "@/server/webhooks/receiver";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return receiveWebhook(request);
}
