/**
 * Piscina task: one duty-cycle period on a worker thread. Busy-spins for
 * busyMs (real CPU time, visible in process.cpuUsage()), then blocks without
 * CPU for idleMs. Atomics.wait sleeps the thread itself, so the idle part
 * costs nothing and needs no timers.
 */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Burns busyMs of CPU then idles idleMs; returns the busy time actually spent. */
export default function burn(task: { busyMs: number; idleMs: number }): number {
  const start = performance.now();
  let x = 0;
  while (performance.now() - start < task.busyMs) x = (x + Math.sqrt(x + 1)) % 1e9;
  const spent = performance.now() - start;
  if (task.idleMs > 0) Atomics.wait(sleeper, 0, 0, task.idleMs);
  return spent + (x < 0 ? 1 : 0);
}
