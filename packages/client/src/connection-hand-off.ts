import { ConnectionPool } from "./connection-pool.js";

/**
 * Open keep-alive pools handed from clients that closed to the next client of
 * the same origin. The runner's warm-up passes one to its clients and then to
 * the pass's client, so the pass starts on open connections: a cold pool
 * opened hundreds of connections in the pass's first half second, and
 * requests took 20-50 ms there instead of 1-2 (the e2e capacity profile,
 * docs/BENCHMARKS.md). An object that is passed, not a module-global
 * registry: only clients given the same hand-off share connections.
 */
export class ConnectionHandOff {
  private readonly parked = new Map<string, { pool: ConnectionPool; timer: NodeJS.Timeout }>();

  /** A pool for `origin`: one parked by a client that closed moments ago if there is one, else a new pool. */
  open(origin: string): ConnectionPool {
    const p = this.parked.get(origin);
    if (!p) return new ConnectionPool(origin);
    this.parked.delete(origin);
    clearTimeout(p.timer);
    return p.pool;
  }

  /**
   * Keeps `pool` open for `ms` for the next client of the same origin, then
   * closes it. When two clients park the same origin, the pool with more open
   * connections stays: the warm-up warms a standby through its own client
   * while the main client may hold an unused pool for it.
   */
  park(origin: string, pool: ConnectionPool, ms: number): void {
    const previous = this.parked.get(origin);
    if (previous && previous.pool.connected > pool.connected) {
      void pool.close().catch(() => undefined);
      return;
    }
    if (previous) {
      clearTimeout(previous.timer);
      void previous.pool.close().catch(() => undefined);
    }
    const timer = setTimeout(() => {
      if (this.parked.get(origin)?.pool === pool) this.parked.delete(origin);
      void pool.close().catch(() => undefined);
    }, ms);
    // A parked pool must not keep a finished process alive (undici unrefs idle sockets too).
    timer.unref();
    this.parked.set(origin, { pool, timer });
  }
}
