import { describe, expect, it } from "vitest";
import { classifyTarget } from "./target.js";

describe("classifyTarget", () => {
  it("forwards ordinary API paths, with their query", () => {
    for (const url of ["/v1/chat/completions", "/v1/models?limit=5", "/v1/files/file-abc.jsonl"])
      expect(classifyTarget("POST", url), url).toEqual({ type: "forward" });
  });

  it("keeps the plain spellings of admin and health routes for the proxy itself", () => {
    for (const url of ["/admin/state", "/admin/faults/f1", "/health", "/health/ready", "/health?x=1"])
      expect(classifyTarget("GET", url).type, url).toBe("own");
  });

  it("refuses every other spelling of them, and never forwards them", () => {
    for (const url of [
      "/%61dmin/state",
      "/ADMIN/state",
      "//admin/state",
      "/v1/../admin/state",
      "/v1/%2e%2e/admin/state",
      "/x/..%2fadmin/state",
      "/Health",
      "/\\admin/state",
    ]) {
      expect(classifyTarget("GET", url), url).toMatchObject({ type: "refuse", status: 404 });
    }
  });

  it("refuses absolute-form targets, bad escapes and a stray asterisk; OPTIONS * is the proxy's", () => {
    expect(classifyTarget("GET", "http://127.0.0.1:8001/admin/state")).toMatchObject({ type: "refuse", status: 400 });
    expect(classifyTarget("GET", "/v1/%zz")).toMatchObject({ type: "refuse", status: 400 });
    expect(classifyTarget("GET", "*")).toMatchObject({ type: "refuse", status: 400 });
    expect(classifyTarget("OPTIONS", "*")).toEqual({ type: "options-star" });
  });
});
