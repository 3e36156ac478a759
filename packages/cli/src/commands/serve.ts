import type { Command } from "commander";
import type { FailoverClientConfig, GatewayConfig } from "@faultline/client";
import { FaultlineError } from "@faultline/core";
import { tuneGcForRequestTraffic } from "../engine-tuning.js";
import { CliErrorCodes } from "../errors.js";
import { numberFlag, pairFlag, portFlag } from "../flags.js";
import { exposureWarning } from "../exposure.js";
import { DEFAULT_LOG_LEVEL, LOG_LEVEL_ENV, LOG_LEVELS, resolveLogLevel } from "../logging/log-level.js";

/** pino and pino-pretty, loaded by the long-running commands only (every other command paid ~50 ms for them). */
const logging = () => Promise.all([import("../logging/logger.js"), import("../logging/server-logs.js")]);
import { otlpTracesEndpoint } from "../tracing.js";

/** Keeps a server in the foreground until Ctrl-C, then closes it cleanly. */
function serveUntilSignal(close: () => Promise<void>): void {
  const stop = () => {
    void close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** The options every long-running server shares: where it listens, and (for nodes and proxies) the admin token. */
function listenOptions(cmd: Command, defaultPort: number, admin: boolean): Command {
  cmd
    .option("--port <port>", "port to listen on (0 = any free port)", portFlag(), defaultPort)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--log-level <level>",
      `JSON log lines on stdout from this level up: ${LOG_LEVELS.join(", ")} ` +
        `(default: $${LOG_LEVEL_ENV}, else ${DEFAULT_LOG_LEVEL})`
    );
  return admin
    ? cmd.option(
        "--admin-token <token>",
        "admin bearer token (default: $FAULTLINE_ADMIN_TOKEN, else a random one printed at start)"
      )
    : cmd;
}

/** Prints where a node or proxy listens and its admin token, then serves until Ctrl-C. */
function announce(
  what: string,
  server: { url: string; adminToken: string; close(): Promise<void> },
  host: string
): void {
  process.stdout.write(`${what} listening on ${server.url}\nadmin token: ${server.adminToken}\n`);
  const warning = exposureWarning(host);
  if (warning) process.stderr.write(warning);
  serveUntilSignal(server.close);
}

const PERSONA_HELP =
  "whose errors, headers and rate limits injected faults imitate: openai, azure-openai, anthropic, gemini, bedrock";

/** `faultline node`, `faultline proxy` and `faultline gateway`: long-running servers. */
export function registerServe(program: Command): void {
  listenOptions(program.command("node"), 8001, true)
    .description("serve one simulated inference node (OpenAI-compatible API + admin API)")
    .requiredOption("--name <name>", "node name, reported in x-faultline-node")
    .option("--profile <profile>", "GPU/model profile", "h100-llama3-8b")
    .option("--set <key=value>", "override a profile number, e.g. --set ttftMs=80 (repeatable)", pairFlag("set"))
    .option("--seed <n>", "seed for the node's random choices", numberFlag("seed", 0))
    .option("--persona <name>", PERSONA_HELP, "openai")
    .action(
      async (f: {
        name: string;
        port: number;
        host: string;
        profile: string;
        set?: Array<[string, string]>;
        seed?: number;
        persona: string;
        adminToken?: string;
        logLevel?: string;
      }) => {
        const level = resolveLogLevel(f.logLevel);
        const [{ createLogger }, { logNodeAccess, logNodeEvent }] = await logging();
        const log = createLogger("node", level);
        const overrides: Record<string, number> = {};
        for (const [k, v] of f.set ?? []) overrides[k] = numberFlag(`set ${k}`, 0)(v);
        const { startNode } = await import("@faultline/node");
        const node = await startNode({
          name: f.name,
          port: f.port,
          host: f.host,
          profile: f.profile,
          overrides,
          persona: f.persona,
          ...(f.seed !== undefined ? { seed: f.seed } : {}),
          ...adminToken(f.adminToken),
          processMetrics: true,
          ...(log.isLevelEnabled("info") ? { onAccess: (a) => logNodeAccess(log, a) } : {}),
          onEvent: (e) => logNodeEvent(log, e),
        });
        announce(`node ${node.name} (${f.profile})`, node, f.host);
      }
    );
  listenOptions(program.command("proxy"), 9000, true)
    .description("inject faults in front of a real OpenAI-compatible server (vLLM, Ollama, a hosted provider)")
    .requiredOption("--upstream <url>", "the real server's origin, e.g. http://127.0.0.1:8000")
    .option("--name <name>", "name reported in x-faultline-node", "proxy")
    .option("--persona <name>", PERSONA_HELP, "openai")
    .action(
      async (f: {
        upstream: string;
        port: number;
        host: string;
        name: string;
        persona: string;
        adminToken?: string;
        logLevel?: string;
      }) => {
        const level = resolveLogLevel(f.logLevel);
        const [{ createLogger }, { logNodeAccess, logNodeEvent }] = await logging();
        const log = createLogger("proxy", level);
        const { startProxy } = await import("@faultline/node");
        const proxy = await startProxy({
          upstream: f.upstream,
          port: f.port,
          host: f.host,
          name: f.name,
          persona: f.persona,
          ...adminToken(f.adminToken),
          processMetrics: true,
          ...(log.isLevelEnabled("info") ? { onAccess: (a) => logNodeAccess(log, a) } : {}),
          onEvent: (e) => logNodeEvent(log, e),
        });
        announce(`proxy ${proxy.name} -> ${f.upstream}`, proxy, f.host);
      }
    );
  listenOptions(program.command("gateway"), 8080, false)
    .description("serve an OpenAI-compatible gateway that fails over between endpoints")
    .option("--config <file>", "gateway YAML (strategy, endpoints, options)")
    .option(
      "--endpoint <name=url>",
      "an endpoint, in order (repeatable): name=url[#model][,field=value...], e.g. " +
        "backup=http://127.0.0.1:8002/v1,supportsPrefill=true,maxContextTokens=8192 " +
        "(fields: model, apiKeyEnv, maxContextTokens, supportsPrefill); used without --config",
      collect,
      []
    )
    .option("--strategy <name>", "strategy when using --endpoint", "active-passive")
    .option(
      "--ledger <file>",
      "write a hash-chained routing ledger to this SQLite file (`faultline audit verify` checks it)"
    )
    .option(
      "--conversations <file>",
      "keep each Responses API conversation's transcript in this SQLite file (option conversationStore), so a turn " +
        "whose owning endpoint is lost goes whole to another (docs/conversations.md)"
    )
    .option(
      "--otlp-endpoint <url>",
      "export a span per request and per attempt to this OTLP/HTTP traces URL " +
        "(default: $OTEL_EXPORTER_OTLP_ENDPOINT; off when unset)"
    )
    .action(
      async (f: {
        config?: string;
        endpoint: string[];
        strategy: string;
        port: number;
        host: string;
        ledger?: string;
        conversations?: string;
        logLevel?: string;
        otlpEndpoint?: string;
      }) => {
        const level = resolveLogLevel(f.logLevel);
        const [{ createLogger }, { logGatewayAccess, logRoutingEvent }] = await logging();
        const log = createLogger("gateway", level);
        const traces = otlpTracesEndpoint(f.otlpEndpoint);
        const client = await import("@faultline/client");
        const config = gatewayConfig(f, client);
        if (f.conversations !== undefined) config.options = { ...config.options, conversationStore: f.conversations };
        const { startGateway } = client;
        const tracer = traces ? new client.RequestTracer({ endpoint: traces, serviceName: "faultline-gateway" }) : null;
        const ledger = f.ledger
          ? new (await import("@faultline/eventlog")).LedgerFile(f.ledger, (err) =>
              process.stderr.write(`faultline: the routing ledger stopped: ${err.message} (${f.ledger})\n`)
            )
          : null;
        const gw = await startGateway({
          config,
          port: f.port,
          host: f.host,
          ...(ledger ? { onDecision: (d) => ledger.append(d) } : {}),
          ...(tracer ? { tracer } : {}),
          processMetrics: true,
          ...(log.isLevelEnabled("info") ? { onAccess: (a) => logGatewayAccess(log, a) } : {}),
          onEvent: (e) => logRoutingEvent(log, e),
        });
        // Held while the gateway serves, from the moment it listens (engine-tuning.ts).
        const releaseGcTuning = tuneGcForRequestTraffic();
        process.stdout.write(`gateway (${config.strategy}) over ${describeChains(config)} listening on ${gw.url}/v1\n`);
        // Spans still buffered are exported after the last request is answered.
        serveUntilSignal(() =>
          gw
            .close()
            .then(() => tracer?.shutdown())
            .finally(releaseGcTuning)
            .finally(() => ledger?.close())
        );
      }
    );
}

function adminToken(flag: string | undefined): { adminToken?: string } {
  const token = flag ?? process.env["FAULTLINE_ADMIN_TOKEN"];
  return token ? { adminToken: token } : {};
}

function gatewayConfig(
  f: { config?: string; endpoint: string[]; strategy: string },
  client: {
    loadGatewayConfig: (path: string) => GatewayConfig;
    endpointsFromFlags: (flags: readonly string[]) => FailoverClientConfig["endpoints"];
  }
): GatewayConfig {
  if (f.config) return client.loadGatewayConfig(f.config);
  if (f.endpoint.length === 0)
    throw new FaultlineError(CliErrorCodes.USAGE, "gateway: give --config <file> or at least one --endpoint name=url", {
      field: "--endpoint",
    });
  return { strategy: f.strategy, endpoints: client.endpointsFromFlags(f.endpoint) };
}

/** "primary -> backup", or one "model: primary -> backup" per model group. */
function describeChains(config: GatewayConfig): string {
  const chain = (endpoints: readonly { name: string }[]) => endpoints.map((e) => e.name).join(" -> ");
  const parts = Object.entries(config.models ?? {}).map(([model, g]) => `${model}: ${chain(g.endpoints)}`);
  if (config.endpoints)
    parts.push(parts.length ? `every other model: ${chain(config.endpoints)}` : chain(config.endpoints));
  return parts.join("; ");
}

/** Commander collector for a repeatable string flag. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
