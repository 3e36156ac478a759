import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Clock } from "@faultline/core";
import { renderPlaceholders, type Scenario, type SystemSpec } from "@faultline/scenario";
import type { ManagedNode } from "../node-process.js";
import { startGatewayProcess, type RunningGateway } from "./gateway-process.js";
import { HttpSystemClient, type HttpSystemTarget } from "./http-system-client.js";
import type { LoadTarget } from "./load-target.js";
import { LOAD_MODEL } from "../request-factory.js";

type BlackBox = Exclude<SystemSpec, { kind: "preset" }>;

/** A black-box system, set up for one pass: where to send, and how to tear it down. */
export interface LaunchedSystem {
  target: HttpSystemTarget;
  /** The started gateway, or null for an endpoint or the SDK. */
  gateway: RunningGateway | null;
  /** Builds the load target on the pass's clock. */
  client(clock: Clock): LoadTarget;
}

/** A free loopback port for a gateway (the usual bind-to-0-and-release; the gateway binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Every placeholder's value for this pass (see PLAIN_PLACEHOLDERS and NODE_FIELDS in @faultline/scenario). */
export function placeholderValues(
  scenario: Scenario,
  nodes: readonly ManagedNode[],
  extra: { port: number | null; configPath: string | null; runDir: string; model: string | null }
): Record<string, string> {
  const values: Record<string, string> = { "run.dir": extra.runDir, model: extra.model ?? LOAD_MODEL };
  if (extra.port !== null) values["port"] = String(extra.port);
  if (extra.configPath !== null) values["config.path"] = extra.configPath;
  const fields = (n: ManagedNode, spec = scenario.nodes.find((s) => s.name === n.name)) => {
    const origin = new URL(n.url);
    return {
      url: spec?.url ?? `${n.url}/v1`,
      origin: n.url,
      host: origin.hostname,
      port: origin.port,
      supportsPrefill: String(spec?.supportsPrefill ?? false),
      name: n.name,
    };
  };
  for (const n of nodes)
    for (const [k, v] of Object.entries(fields(n))) if (k !== "name") values[`nodes.${n.name}.${k}`] = v;
  scenario.client.order.forEach((name, i) => {
    const n = nodes.find((x) => x.name === name);
    if (n) for (const [k, v] of Object.entries(fields(n))) values[`endpoints.${i}.${k}`] = v;
  });
  return values;
}

/**
 * Sets up a black-box system for one pass, after the nodes are up: for a
 * gateway, writes its config, starts it on a leash and waits until it is
 * ready; its output goes to `<passDir>/output.log`.
 */
export async function launchSystem(
  system: BlackBox,
  scenario: Scenario,
  nodes: readonly ManagedNode[],
  passDir: string
): Promise<LaunchedSystem> {
  if (system.kind === "gateway") mkdirSync(passDir, { recursive: true });
  const port = system.kind === "gateway" ? await freePort() : null;
  const configPath = system.kind === "gateway" && system.config ? join(passDir, system.config.path) : null;
  const values = placeholderValues(scenario, nodes, { port, configPath, runDir: passDir, model: system.model });
  const fill = (text: string) => renderPlaceholders(text, values);
  const target: HttpSystemTarget = {
    url: fill(system.url),
    headers: Object.fromEntries(Object.entries(system.headers).map(([k, v]) => [k, fill(v)])),
    model: system.model,
  };
  let gateway: RunningGateway | null = null;
  if (system.kind === "gateway") {
    if (system.config && configPath) writeFileSync(configPath, fill(system.config.template));
    gateway = await startGatewayProcess({
      name: system.name,
      command: system.command.map(fill),
      cwd: system.cwd,
      env: Object.fromEntries(Object.entries(system.env).map(([k, v]) => [k, fill(v)])),
      logPath: join(passDir, "output.log"),
      readyUrl: system.ready ? fill(system.ready) : `${new URL(target.url).origin}/`,
      readyTimeoutMs: system.readyTimeoutMs,
    });
  }
  // The openai SDK is loaded only for a system that uses it: it is start-up time for every other run.
  const { SdkSystemClient } = system.kind === "openai-sdk" ? await import("./sdk-system-client.js") : {};
  return {
    target,
    gateway,
    client: (clock) =>
      system.kind === "openai-sdk" && SdkSystemClient
        ? new SdkSystemClient(target, { maxRetries: system.maxRetries, timeoutMs: system.timeoutMs }, clock)
        : new HttpSystemClient(target, clock),
  };
}
