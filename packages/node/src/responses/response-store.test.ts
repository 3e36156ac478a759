import { describe, expect, it } from "vitest";
import { ResponseStore } from "./response-store.js";

describe("a node's response store", () => {
  it("forgets the least recently used conversation beyond its count", () => {
    const store = new ResponseStore({ maxResponses: 2, maxChars: 1000 });
    store.set("a", [{ role: "user", content: "1" }]);
    store.set("b", [{ role: "user", content: "2" }]);
    store.get("a");
    store.set("c", [{ role: "user", content: "3" }]);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")).toBeDefined();
    expect(store.size).toBe(2);
  });

  it("forgets old conversations to stay within its size in characters", () => {
    const store = new ResponseStore({ maxResponses: 100, maxChars: 10 });
    store.set("a", [{ role: "user", content: "123456" }]);
    store.set("b", [{ role: "user", content: "123456" }]);
    expect(store.get("a")).toBeUndefined();
    expect(store.get("b")).toBeDefined();
  });
});
