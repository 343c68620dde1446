import { describe, expect, it } from "vitest";
import { parseRedisAddress } from "./redis-address.js";

describe("parseRedisAddress", () => {
  it("reads redis://HOST:PORT[/DB], with 6379 and database 0 by default, and never shows a password", () => {
    expect(parseRedisAddress("redis://10.0.0.5:6380/2")).toEqual({ url: "redis://10.0.0.5:6380/2", shown: "redis://10.0.0.5:6380/2", host: "10.0.0.5", port: 6380, db: 2 });
    expect(parseRedisAddress("redis://queue.lan")).toMatchObject({ shown: "redis://queue.lan:6379/0", port: 6379, db: 0 });
    const secret = parseRedisAddress("redis://:s3cret@127.0.0.1:6379/0");
    expect(secret.url).toContain("s3cret");
    expect(secret.shown).toBe("redis://127.0.0.1:6379/0");
  });

  it("shows an IPv6 address in one pair of brackets, so that the address shown can be pasted back", () => {
    const v6 = parseRedisAddress("redis://[::1]:16384/0");
    expect(v6).toMatchObject({ shown: "redis://[::1]:16384/0", host: "::1", port: 16384, db: 0 });
    expect(parseRedisAddress(v6.shown).shown).toBe(v6.shown);
    expect(parseRedisAddress("redis://:pw@[fe80::1]").shown).toBe("redis://[fe80::1]:6379/0");
  });

  it("refuses anything else, saying what was expected", () => {
    for (const text of ["127.0.0.1:6379", "http://127.0.0.1:6379", "redis://127.0.0.1:6379/db1", "redis://127.0.0.1:6379/0?x=1", "redis://"]) {
      expect(() => parseRedisAddress(text), text).toThrow(/^--queue: expected redis:\/\/HOST:PORT\[\/DB\] \(e\.g\. redis:\/\/127\.0\.0\.1:6379\/0\)/);
    }
  });
});
