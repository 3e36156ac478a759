import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody, isFaultlineError } from "@faultline/core";
import type { ActiveFaults } from "../faults/active-faults.js";
import { parseFaultSpec } from "../faults/fault-spec.js";
import { FAULT_KINDS } from "../faults/registry.js";
import { bearerChecker } from "./auth.js";

/** What the admin API needs from a node or a proxy. */
export interface AdminRoutesHost {
  readonly faults: ActiveFaults;
  /** True for proxy mode: faults that need the simulated GPU are refused. */
  readonly isProxy: boolean;
  /** The /admin/state body. */
  state(): Record<string, unknown>;
  /** Emits an `admin` event. */
  emit(kind: string, detail: Record<string, unknown>): void;
}

function badSpec(reply: FastifyReply, err: unknown): void {
  if (!isFaultlineError(err)) throw err;
  reply.code(400).send(errorBody(err.message, "invalid_request_error", err.code, err.field ?? null));
}

/** Parses and applies one fault body, answering 201 {id} or 400 naming the field. */
function applyFault(target: AdminRoutesHost, body: unknown, reply: FastifyReply): void {
  let spec;
  try {
    spec = parseFaultSpec(body);
  } catch (err) {
    return badSpec(reply, err);
  }
  if (target.isProxy && FAULT_KINDS.get(spec.kind)!.needsGpu) {
    reply
      .code(400)
      .send(
        errorBody(
          `kind: "${spec.kind}" needs the simulated GPU and is not available in proxy mode`,
          "invalid_request_error",
          "FAULTLINE_NODE_FAULT_INVALID",
          "kind"
        )
      );
    return;
  }
  let id: string;
  try {
    id = target.faults.add(spec);
  } catch (err) {
    if (!isFaultlineError(err)) throw err;
    reply.code(409).send(errorBody(err.message, "invalid_request_error", err.code, err.field ?? null));
    return;
  }
  reply.code(201).send({ id });
}

function objectBody(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  return typeof b === "object" && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

/** Registers the admin API (bearer-token protected) on a node or proxy server. */
export function registerAdminRoutes(app: FastifyInstance, target: AdminRoutesHost, token: string): void {
  const authorized = bearerChecker(token);
  app.register(async (admin) => {
    admin.addHook("onRequest", async (req, reply) => {
      if (!authorized(req.headers.authorization)) {
        return reply
          .code(401)
          .send(
            errorBody(
              "admin endpoints need Authorization: Bearer <admin token> (printed at start, or " +
                "--admin-token / FAULTLINE_ADMIN_TOKEN)",
              "invalid_request_error",
              "invalid_admin_token"
            )
          );
      }
      return undefined;
    });
    // The proxy keeps bodies as raw bytes for forwarding; admin bodies are JSON either way.
    admin.addHook("preHandler", async (req, reply) => {
      if (Buffer.isBuffer(req.body)) {
        if (req.body.length === 0) req.body = undefined;
        else {
          try {
            req.body = JSON.parse(req.body.toString("utf8"));
          } catch {
            return reply
              .code(400)
              .send(errorBody("body: not valid JSON", "invalid_request_error", "FAULTLINE_NODE_FAULT_INVALID", "body"));
          }
        }
      }
      // Every admin call that changes something is an event, with what was asked for.
      if (req.method !== "GET") target.emit("admin", { method: req.method, path: req.url, body: req.body ?? null });
      return undefined;
    });
    admin.post("/admin/faults", (req, reply) => applyFault(target, req.body, reply));
    admin.delete<{ Params: { id: string } }>("/admin/faults/:id", (req, reply) => {
      if (target.faults.remove(req.params.id, "deleted")) reply.send({ id: req.params.id, removed: true });
      else
        reply
          .code(404)
          .send(
            errorBody(`no active fault with id "${req.params.id}"`, "invalid_request_error", "fault_not_found", "id")
          );
    });
    admin.get("/admin/state", (_req, reply) => {
      reply.send(target.state());
    });
    admin.post("/admin/reset", (_req, reply) => {
      target.faults.clear();
      reply.send({ reset: true });
    });
    // The paper's endpoints, each sugar over the same registry.
    admin.post("/admin/disable", (req, reply) => applyFault(target, { ...objectBody(req), kind: "disable" }, reply));
    admin.post("/admin/enable", (_req, reply) => {
      reply.send({ enabled: true, cleared: target.faults.removeKind("disable", "enable") });
    });
    admin.post("/admin/latency", (req, reply) => {
      const body = objectBody(req);
      target.faults.removeKind("latency", "replaced");
      if (body.ms === 0) {
        reply.send({ cleared: true });
        return;
      }
      applyFault(target, { ...body, kind: "latency" }, reply);
    });
    admin.post("/admin/cpu", (req, reply) => applyFault(target, { ...objectBody(req), kind: "cpu" }, reply));
  });
}
