import { describe, expect } from "vitest";
import { createConnectorStore } from "./connector-store";
import { databaseCases, testWithDatabase } from "./testing";

describe.each(await databaseCases())("connector stores on %s", (dialect) => {
  const it = testWithDatabase(dialect);

  it("keep JSON values per installation, replace them, and forget them", async ({ db }) => {
    const taobao = createConnectorStore(db, "taobao");
    const jd = createConnectorStore(db, "jd");
    await taobao.set("poll:poll_trades", { cursor: 1764000000000, seen: { "taobao:order:1": 1764000000000 } });
    await jd.set("poll:poll_trades", { cursor: null, seen: {} });
    expect(await taobao.get("poll:poll_trades")).toEqual({ cursor: 1764000000000, seen: { "taobao:order:1": 1764000000000 } });

    await taobao.set("poll:poll_trades", { cursor: 1764000060000, seen: {} });
    await taobao.set("oauth", "token text");
    expect(await taobao.get("poll:poll_trades")).toEqual({ cursor: 1764000060000, seen: {} });
    expect(await taobao.get("oauth")).toBe("token text");
    expect(await jd.get("poll:poll_trades")).toEqual({ cursor: null, seen: {} });

    await taobao.delete("oauth");
    expect(await taobao.get("oauth")).toBeUndefined();
    await expect(taobao.set("x", undefined)).rejects.toThrow('the value of "x" is undefined; use delete to remove it');
  });
});
