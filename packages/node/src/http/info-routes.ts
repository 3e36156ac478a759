import type { FastifyInstance } from "fastify";
import type { SimNode } from "../sim-node.js";
import { errorBody } from "@faultline/core";

const NOT_LIVE = errorBody("The engine is not running.", "server_error", "engine_dead");
const NOT_READY = errorBody("The node is not ready.", "server_error", "not_ready");

/** GET /health, /health/ready, /v1/models and /metrics of a simulated node. */
export function registerInfoRoutes(app: FastifyInstance, node: SimNode): void {
  app.get("/health", (_req, reply) => {
    if (node.live()) reply.send({ status: "ok" });
    else reply.code(503).send(NOT_LIVE);
  });
  app.get("/health/ready", (_req, reply) => {
    if (node.ready()) reply.send({ status: "ready" });
    else reply.code(503).send(NOT_READY);
  });
  app.get("/v1/models", (_req, reply) => {
    reply.send({
      object: "list",
      data: [
        { id: node.model, object: "model", created: 0, owned_by: "faultline", max_model_len: node.profile.maxContext },
      ],
    });
  });
  app.get("/metrics", async (_req, reply) => {
    reply.type(node.metrics.registry.contentType).send(await node.metrics.registry.metrics());
  });
}
