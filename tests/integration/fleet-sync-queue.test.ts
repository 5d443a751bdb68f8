/**
 * The fleet-sync queue with one tenant stuck: while an organisation's sync is
 * claimed and unfinished (its MyCirrus hanging, or its worker killed before
 * the claim expires), another organisation's sync must still be claimed at
 * once. Found by `npm run reliability` (tenant-faults): one tenant hanging
 * held every other tenant's sync up for 30 s.
 */
import { afterAll, expect, it } from "vitest";
import { enqueueFleetSync, queue, QUEUES, stopQueue } from "@/server/jobs/queue";

afterAll(() => stopQueue());

it("pg-boss alone: a second queued job of a running key blocks the claim of every job behind it in a stately queue", async () => {
  // Why enqueueFleetSync checks first: a stately queue allows one waiting job
  // next to the running one, but claiming that waiting job would make two
  // running ones, so the claim fails and the tenant behind it is not reached.
  const boss = await queue();
  const name = "stately-probe";
  await boss.createQueue(name, { name, policy: "stately" });
  await boss.send(name, { organizationId: "a" }, { singletonKey: "a" });
  expect((await boss.fetch(name)).map((j) => j.data)).toEqual([{ organizationId: "a" }]);
  await boss.send(name, { organizationId: "a" }, { singletonKey: "a" });
  await boss.send(name, { organizationId: "b" }, { singletonKey: "b" });
  const claimed = await boss.fetch(name).catch(() => []);
  expect(claimed.map((j) => j.data)).not.toContainEqual({ organizationId: "b" });
});

it("enqueueFleetSync queues nothing for a tenant whose sync runs, so another tenant's sync is claimed at once", async () => {
  const boss = await queue();
  expect(await enqueueFleetSync("org-a")).not.toBeNull();
  expect(await enqueueFleetSync("org-a")).toBeNull(); // already waiting
  const [running] = await boss.fetch<{ organizationId: string }>(QUEUES.fleetSync);
  expect(running?.data).toEqual({ organizationId: "org-a" }); // claimed, never completed: a hanging or killed sync

  expect(await enqueueFleetSync("org-a")).toBeNull(); // the next minute's tick
  expect(await enqueueFleetSync("org-b")).not.toBeNull();
  expect((await boss.fetch(QUEUES.fleetSync)).map((j) => j.data)).toEqual([{ organizationId: "org-b" }]);

  await boss.complete(QUEUES.fleetSync, running!.id);
  expect(await enqueueFleetSync("org-a")).not.toBeNull(); // done: the next one may queue
});
