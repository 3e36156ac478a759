import { ConnectionPool } from "./connection-pool.js";

const parked = new Map<string, { pool: ConnectionPool; timer: NodeJS.Timeout }>();

/**
 * A keep-alive pool for `origin`: one parked by a client that closed moments
 * ago if there is one, else a new pool. The runner's warm-up client parks its
 * pools so the pass starts on open connections: a cold pool opened hundreds
 * of connections in the pass's first half second, and requests took 20-50 ms
 * there instead of 1-2 (the e2e capacity profile, docs/BENCHMARKS.md).
 */
export function openPool(origin: string): ConnectionPool {
  const p = parked.get(origin);
  if (p) {
    parked.delete(origin);
    clearTimeout(p.timer);
    return p.pool;
  }
  return new ConnectionPool(origin);
}

/**
 * Keeps `pool` open for `ms` for the next client of the same origin, then
 * closes it. When two clients park the same origin, the pool with more open
 * connections stays: the runner's warm-up warms a standby through its own
 * client while the main client may hold an unused pool for it.
 */
export function parkPool(origin: string, pool: ConnectionPool, ms: number): void {
  const previous = parked.get(origin);
  if (previous && previous.pool.connected > pool.connected) { void pool.close().catch(() => undefined); return; }
  if (previous) { clearTimeout(previous.timer); void previous.pool.close().catch(() => undefined); }
  const timer = setTimeout(() => {
    if (parked.get(origin)?.pool === pool) parked.delete(origin);
    void pool.close().catch(() => undefined);
  }, ms);
  // A parked pool must not keep a finished process alive (undici unrefs idle sockets too).
  timer.unref();
  parked.set(origin, { pool, timer });
}
