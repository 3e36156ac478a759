import { performance } from "node:perf_hooks";
import { Client, Dispatcher, errors } from "undici";

/** Connection settings shared by every endpoint. */
export const CONNECTION_POOL_DEFAULTS = Object.freeze({
  // LLM requests are long-lived (a stream holds its connection for seconds), so the cap is high: as many as a gateway
  // accepts (GATEWAY_LIMITS.maxConnections), since in a failover every stream it holds may move to one endpoint. At
  // 4,096, the streams past it waited in line for a connection and missed their first-byte deadline.
  maxConnections: 8192,
  /** Connections a request may open without waiting first for a busy one to free up. */
  minConnections: 8,
  /**
   * Beyond minConnections, how long the first request in line waits for a busy connection
   * before the pool opens more: on a fast upstream one frees up within a millisecond, and a
   * new connection costs both sides far more CPU than that wait. Long streams, which hold
   * their connections for seconds, pay this once per connection the pool grows by.
   */
  growAfterMs: 2,
  /**
   * How long an idle connection stays open when the server does not say: a server's
   * `Keep-Alive: timeout=N` wins, less a second (undici), so the client closes first.
   */
  keepAliveTimeoutMs: 30_000,
});

/** The pool's limits: the defaults' keys, with any values (tests and tuning pass others). */
type ConnectionPoolLimits = { readonly [K in keyof typeof CONNECTION_POOL_DEFAULTS]: number };

/** undici's Client options: one request per connection; the failover client times every attempt itself. */
const CLIENT_OPTIONS = Object.freeze({
  pipelining: 1,
  keepAliveTimeout: CONNECTION_POOL_DEFAULTS.keepAliveTimeoutMs,
  // 0 turns undici's own timers off: attempts carry the client's first-byte, stall and deadline
  // timers, and undici's would allocate a timer object per request that lives past it.
  headersTimeout: 0,
  bodyTimeout: 0,
});

/** One connection (an undici Client with pipelining 1) and what the pool knows of it. */
interface Connection {
  readonly client: Client;
  connected: boolean;
  connecting: boolean;
}

type Handler = Dispatcher.DispatchHandler;

/**
 * A keep-alive connection pool for one origin that reuses the connection freed
 * last, and opens few connections at a time.
 *
 * undici's Pool, at a few thousand requests a second, did neither:
 * - A request that finds every connection busy opens a connection of its own and
 *   waits for it, even when a busy one frees up a moment later. A 30 ms pause of the
 *   event loop at 5,000 req/s so opened 150 connections at once, and a pass start
 *   opened thousands, which slowed the next second enough to open more.
 * - A freed connection counts as busy until the next event-loop turn, so requests
 *   spread over hundreds of connections, and with them nearly every request's
 *   objects outlived V8's young generation: 3.7 KB promoted per request with 305
 *   connections in use, 14-40 B with a fixed 16-64 (docs/BENCHMARKS.md). What kept
 *   them alive turned out to be V8's allocation-site pretenuring, now off in the
 *   runner and the gateway (tuneGcForRequestTraffic); without it undici's Pool
 *   promoted 56 B per request. The first point above still stands.
 *
 * Here a request takes the connection freed last (undici sends it once that
 * connection is ready). With none free it opens one while the pool has fewer
 * than minConnections, else it waits in line for the first connection that
 * frees up, as Envoy's pools hand a pending request to whichever connection is
 * ready first. Only when the head of the line has waited growAfterMs does the
 * pool open more: as many at once as are already open when that timer fired on
 * time. When it fired late, the pool first lets the event loop run the I/O it
 * owes: if a connection was freed meanwhile (short requests, a process short of
 * CPU, not of connections), it opens one; if none was (every connection held by
 * a long stream), it grows as on time: opening one per late tick, a pool whose
 * every connection held a stream grew by one connection per turn of a busy
 * event loop (docs/BENCHMARKS.md, "Connections for a mass of streams").
 *
 * Takes undici's classic dispatch handlers (onConnect, onHeaders, onData,
 * onComplete, onError): what `request()` and the buffered transport use.
 */
export class ConnectionPool extends Dispatcher {
  private readonly idle: Connection[] = [];
  private growTimer: NodeJS.Timeout | null = null;
  /** Set between a late grow timer and the check after pending I/O (growAfterIo). */
  private growImmediate: NodeJS.Immediate | null = null;
  private growDueAt = 0;
  /** A connection was handed back since the grow timer was armed. */
  private freedSinceArmed = false;
  private readonly all = new Set<Connection>();
  private waiting: PooledRequest[] = [];
  private waitingHead = 0;
  /** Requests aborted while in line: skipped when their turn comes (no search on every abort). */
  private leftLine = 0;
  private connectingCount = 0;
  private connectedCount = 0;
  private serveScheduled = false;
  private closed = false;

  constructor(
    readonly origin: string,
    private readonly limits: ConnectionPoolLimits = CONNECTION_POOL_DEFAULTS
  ) {
    super();
  }

  /** Open connections. */
  get connected(): number {
    return this.connectedCount;
  }

  /** Requests waiting for a connection. */
  get queued(): number {
    return this.waiting.length - this.waitingHead - this.leftLine;
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Handler): boolean {
    if (this.closed) {
      handler.onError?.(new errors.ClientClosedError());
      return false;
    }
    const request = new PooledRequest(this, opts, handler);
    const connection = this.queued === 0 ? this.takeConnection(this.all.size < this.limits.minConnections) : null;
    if (connection) this.start(request, connection);
    else {
      this.waiting.push(request);
      request.inLine = true;
      request.wait();
      if (!this.growTimer && !this.growImmediate) this.armGrowTimer();
    }
    return true;
  }

  /** Waits for every request in flight, then closes every connection. */
  override async close(): Promise<void> {
    this.closed = true;
    this.stopGrowing();
    this.failWaiting(new errors.ClientClosedError());
    await Promise.all([...this.all].map((c) => c.client.close()));
  }

  /** Closes every connection now, failing the requests in flight. */
  override async destroy(): Promise<void> {
    this.closed = true;
    this.stopGrowing();
    this.failWaiting(new errors.ClientDestroyedError());
    await Promise.all([...this.all].map((c) => c.client.destroy()));
  }

  /** A waiting request was aborted: it leaves the line. */
  forget(request: PooledRequest): void {
    if (!request.inLine) return;
    request.inLine = false;
    this.leftLine++;
    if (this.queued === 0) {
      this.waiting = [];
      this.waitingHead = 0;
      this.leftLine = 0;
    }
  }

  /** A request finished on `connection`: the connection goes back on top of the idle stack. */
  release(connection: Connection): void {
    this.freedSinceArmed = true;
    if (!connection.connected && !connection.connecting) return this.drop(connection);
    this.idle.push(connection);
    if (this.queued > 0 && !this.serveScheduled) {
      this.serveScheduled = true;
      // Not from inside undici's completion callback: the connection takes the next request
      // once undici has finished with the last one.
      queueMicrotask(this.serveQueued);
    }
  }

  private readonly serveQueued = (): void => this.serveWaiting(false);

  /** The line waited growAfterMs: open connections for it (see the class comment). */
  private readonly grow = (): void => {
    this.growTimer = null;
    const late = performance.now() - this.growDueAt >= this.limits.growAfterMs;
    // Timers run before the poll phase: a late timer has not yet seen the answers that ended during the delay.
    if (late) this.growImmediate = setImmediate(this.growAfterIo);
    else this.growBy(Infinity);
  };

  /** After a late timer, once pending I/O has run: connections freed meanwhile mean CPU is short, not connections. */
  private readonly growAfterIo = (): void => this.growBy(this.freedSinceArmed ? 1 : Infinity);

  private growBy(most: number): void {
    this.growImmediate = null;
    this.serveWaiting(true, most);
    if (this.queued > 0 && !this.closed) this.armGrowTimer();
  }

  private armGrowTimer(): void {
    this.growDueAt = performance.now() + this.limits.growAfterMs;
    this.freedSinceArmed = false;
    this.growTimer = setTimeout(this.grow, this.limits.growAfterMs);
  }

  /** The first request still in line; only called while queued > 0. */
  private shiftWaiting(): PooledRequest {
    let request = this.waiting[this.waitingHead]!;
    while (!request.inLine) {
      this.leftLine--;
      this.waiting[this.waitingHead++] = undefined as unknown as PooledRequest;
      request = this.waiting[this.waitingHead]!;
    }
    request.inLine = false;
    this.waiting[this.waitingHead++] = undefined as unknown as PooledRequest;
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
    }
    return request;
  }

  /** Hands waiting requests, first come first served, to at most `most` connections. */
  private serveWaiting(mayOpen: boolean, most = Infinity): void {
    this.serveScheduled = false;
    for (let served = 0; served < most && this.queued > 0; served++) {
      const connection = this.takeConnection(mayOpen);
      if (!connection) return;
      this.start(this.shiftWaiting(), connection);
    }
  }

  /** The connection freed last, else a new one if `mayOpen` and the limits allow. */
  private takeConnection(mayOpen: boolean): Connection | null {
    const idle = this.idle.pop();
    if (idle) return idle;
    const allowed =
      mayOpen &&
      this.all.size < this.limits.maxConnections &&
      this.connectingCount < Math.max(this.limits.minConnections, this.connectedCount);
    return allowed ? this.open() : null;
  }

  private start(request: PooledRequest, connection: Connection): void {
    if (!connection.connected && !connection.connecting) {
      connection.connecting = true;
      this.connectingCount++;
    }
    request.connection = connection;
    connection.client.dispatch(request.opts, request);
  }

  private open(): Connection {
    const client = new Client(this.origin, CLIENT_OPTIONS);
    const connection: Connection = { client, connected: false, connecting: false };
    this.all.add(connection);
    client.on("connect", () => {
      this.settleConnecting(connection);
      connection.connected = true;
      this.connectedCount++;
    });
    client.on("connectionError", () => this.settleConnecting(connection));
    client.on("disconnect", () => {
      this.settleConnecting(connection);
      if (connection.connected) {
        connection.connected = false;
        this.connectedCount--;
      }
      // An idle connection that closed (keep-alive timeout, server gone) leaves the pool; a busy
      // one leaves when its request ends (release).
      const i = this.idle.indexOf(connection);
      if (i >= 0) {
        this.idle.splice(i, 1);
        this.drop(connection);
      }
    });
    return connection;
  }

  private settleConnecting(connection: Connection): void {
    if (!connection.connecting) return;
    connection.connecting = false;
    this.connectingCount--;
  }

  private drop(connection: Connection): void {
    if (!this.all.delete(connection)) return;
    void connection.client.close().catch(() => undefined);
  }

  private stopGrowing(): void {
    if (this.growTimer) clearTimeout(this.growTimer);
    if (this.growImmediate) clearImmediate(this.growImmediate);
    this.growTimer = null;
    this.growImmediate = null;
  }

  private failWaiting(err: Error): void {
    const waiting = this.waiting.slice(this.waitingHead).filter((r) => r.inLine);
    this.waiting = [];
    this.waitingHead = 0;
    this.leftLine = 0;
    for (const request of waiting) {
      request.inLine = false;
      request.onError(err);
    }
  }
}

/**
 * One request through the pool: passes undici's callbacks on to the caller's
 * handler, hands the connection back when the request ends, and lets the
 * caller abort it while it still waits for a connection.
 */
class PooledRequest implements Handler {
  connection: Connection | null = null;
  /** Waiting in the pool's line for a connection. */
  inLine = false;
  private abortConnection: ((err?: Error) => void) | null = null;
  private told = false;
  private ended = false;
  private abortedWith: Error | null = null;

  constructor(
    private readonly pool: ConnectionPool,
    readonly opts: Dispatcher.DispatchOptions,
    private readonly handler: Handler
  ) {}

  /** Called when the request joins the line: the caller gets its abort now, not at the connection. */
  wait(): void {
    this.told = true;
    this.handler.onConnect?.(this.abort);
  }

  private readonly abort = (err?: Error): void => {
    if (this.ended) return;
    if (this.abortConnection) return this.abortConnection(err);
    this.abortedWith = err ?? new errors.RequestAbortedError();
    this.pool.forget(this);
    this.onError(this.abortedWith);
  };

  onConnect(abort: (err?: Error) => void): void {
    this.abortConnection = abort;
    if (this.abortedWith) return abort(this.abortedWith);
    if (this.told) return;
    this.told = true;
    this.handler.onConnect?.(this.abort);
  }

  onResponseStarted(): void {
    this.handler.onResponseStarted?.();
  }

  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    return this.handler.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    return this.handler.onData?.(chunk) ?? true;
  }

  onComplete(trailers: string[] | null): void {
    this.end();
    this.handler.onComplete?.(trailers);
  }

  onError(err: Error): void {
    if (this.ended) return;
    this.end();
    this.handler.onError?.(err);
  }

  onBodySent(chunkSize: number, totalBytesSent: number): void {
    this.handler.onBodySent?.(chunkSize, totalBytesSent);
  }

  private end(): void {
    this.ended = true;
    if (this.connection) this.pool.release(this.connection);
  }
}
