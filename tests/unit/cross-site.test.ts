import { describe, expect, it } from "vitest";
import { configureEnv } from "@/server/env";
import { isCrossSiteWrite } from "@/server/http";

configureEnv({ DATABASE_URL: "postgresql://unused@127.0.0.1/none", PUBLIC_URL: undefined });

const post = (origin: string | null, url = "http://portal.test/api/trpc/members.remove") =>
  new Request(url, { method: "POST", headers: { ...(origin ? { origin } : {}), host: new URL(url).host } });

describe("cross-site writes", () => {
  it("refuses a POST whose Origin is another site", () => {
    expect(isCrossSiteWrite(post("https://evil.example"))).toBe(true);
    expect(isCrossSiteWrite(post("http://portal.test.evil.example"))).toBe(true);
  });
  it("allows same-origin POSTs, requests without Origin, and reads", () => {
    expect(isCrossSiteWrite(post("http://portal.test"))).toBe(false);
    expect(isCrossSiteWrite(post(null))).toBe(false);
    expect(
      isCrossSiteWrite(new Request("http://portal.test/api/trpc/x", { headers: { origin: "https://evil.example" } })),
    ).toBe(false);
  });
});
