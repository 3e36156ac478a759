import { createFailoverClient } from "../client.js";
import type { ClientDeps, EndpointConfig, FailoverClient, GatewayConfig, RoutingEvent } from "../types.js";

interface EndpointStatus {
  name: string;
  [key: string]: unknown;
}
interface ClientStatus {
  endpoints: EndpointStatus[];
  budget: { active: number; retriesActive: number; limit: number; granted: number; refused: number };
  [key: string]: unknown;
}

/** One model's failover client, and the prefix its endpoints carry in metrics. */
export interface ModelRoute {
  client: FailoverClient;
  /** `<model>/` for a model group, "" for the chain that serves every model. */
  label: string;
}

/**
 * The failover clients of one gateway: one per model group, plus the chain
 * for every other model. Each client has its own endpoints, so failure state
 * (breaker, 429 cooldown, health, flaps) is kept per endpoint and model: a
 * 429 cooldown of one model never blocks another model's primary on the same
 * server. One process serves them all (an outside suite needed 16 gateway
 * processes for 16 primary/fallback pairs).
 */
export class ModelGroups {
  private readonly groups = new Map<string, ModelRoute>();
  private readonly fallback: ModelRoute | null;

  constructor(
    private readonly config: GatewayConfig,
    deps: ClientDeps & { onEvent: (e: RoutingEvent) => void }
  ) {
    const onEvent = deps.onEvent;
    const { strategy, options, endpoints, models } = config;
    this.fallback = endpoints
      ? {
          client: createFailoverClient({ strategy, endpoints, options: options ?? {} }, deps),
          label: "",
        }
      : null;
    for (const [model, g] of Object.entries(models ?? {})) {
      const tagged = (e: RoutingEvent) => onEvent({ ...e, detail: { ...e.detail, model } });
      const client = createFailoverClient(
        { strategy: g.strategy ?? strategy, endpoints: g.endpoints, options: g.options ?? options ?? {} },
        { ...deps, onEvent: tagged }
      );
      this.groups.set(model, { client, label: `${model}/` });
    }
  }

  /** Every endpoint of every chain, once per chain it is in. */
  endpoints(): EndpointConfig[] {
    return [...(this.config.endpoints ?? []), ...Object.values(this.config.models ?? {}).flatMap((g) => g.endpoints)];
  }

  /** The route for a request's model, or null when no chain serves it. */
  routeFor(model: unknown): ModelRoute | null {
    return (typeof model === "string" ? this.groups.get(model) : undefined) ?? this.fallback;
  }

  /** The model names a group serves (for errors and /v1/models). */
  get modelNames(): string[] {
    return [...this.groups.keys()];
  }

  /** `/v1/models`: each group by its name, then the models of the every-model chain's endpoints. */
  modelList(): Array<Record<string, unknown>> {
    const groups = [...this.groups.keys()].map((id) => ({ id, object: "model", owned_by: "faultline" }));
    const chain = (this.config.endpoints ?? []).map((e) => ({
      id: e.model ?? e.name,
      object: "model",
      owned_by: e.name,
      endpoint: e.name,
    }));
    return [...groups, ...chain];
  }

  /** `/status`: the single chain's status as before; with groups, one status per model. */
  status(): unknown {
    if (this.groups.size === 0) return this.fallback!.client.status();
    const models = Object.fromEntries([...this.groups].map(([m, r]) => [m, r.client.status()]));
    return this.fallback ? { ...(this.fallback.client.status() as object), models } : { models };
  }

  /** Every client's endpoints in one list (a group's named `<model>/<endpoint>`), budgets summed: for /metrics. */
  metricsStatus(): ClientStatus {
    const out: ClientStatus = {
      endpoints: [],
      budget: { active: 0, retriesActive: 0, limit: 0, granted: 0, refused: 0 },
    };
    for (const r of this.routes()) {
      const s = r.client.status() as ClientStatus;
      for (const e of s.endpoints) out.endpoints.push(r.label ? { ...e, name: r.label + e.name } : e);
      for (const k of Object.keys(out.budget) as Array<keyof ClientStatus["budget"]>) out.budget[k] += s.budget[k];
    }
    return out;
  }

  /** Starts every client's health checks. */
  start(): void {
    for (const r of this.routes()) r.client.start();
  }

  /** Closes every client. */
  async close(): Promise<void> {
    await Promise.all(this.routes().map((r) => r.client.close()));
  }

  private routes(): ModelRoute[] {
    return [...(this.fallback ? [this.fallback] : []), ...this.groups.values()];
  }
}
