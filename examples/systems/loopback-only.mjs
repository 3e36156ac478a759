// Preloaded with `node --import` in front of a gateway that takes no host option, so that it
// listens on 127.0.0.1 rather than on every interface. Portkey's start-server.js calls
// @hono/node-server's serve({ port }) without a hostname, which binds 0.0.0.0; faultline's
// processes stay on loopback. Only a listen() given a bare port, or an options object without
// host or path, is changed; anything that names its own address is left alone.
import net from "node:net";

const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  if (typeof first === "number" && typeof second !== "string") args.splice(1, 0, "127.0.0.1");
  else if (first && typeof first === "object" && first.host === undefined && first.path === undefined) {
    args[0] = { ...first, host: "127.0.0.1" };
  }
  return listen.apply(this, args);
};
