import type { Clock } from "@faultline/core";
import type { EventLog } from "@faultline/eventlog";
import { RUNNER_DEFAULTS } from "./defaults.js";
import type { NodeAdmin } from "./node-admin.js";

/**
 * Samples each node's CPU time, RSS and queue depth from /admin/state once a
 * second. CPU is the process's CPU time over the interval, in % of one core,
 * so worker-thread load from the cpu fault shows up.
 */
export class NodeSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly last = new Map<string, { t: number; cpuUs: number }>();

  constructor(
    private readonly admins: readonly NodeAdmin[],
    private readonly clock: Clock,
    private readonly log: EventLog,
    private readonly passId: number
  ) {}

  /** Starts sampling. */
  start(): void {
    this.timer = setInterval(() => void this.sampleAll(), RUNNER_DEFAULTS.sampleIntervalMs);
    this.timer.unref();
    void this.sampleAll();
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.timer);
  }

  private async sampleAll(): Promise<void> {
    await Promise.all(
      this.admins.map(async (a) => {
        try {
          const s = await a.state();
          const t = this.clock.now();
          const cpuUs = s.process.cpuUserUs + s.process.cpuSystemUs;
          const prev = this.last.get(a.name);
          this.last.set(a.name, { t, cpuUs });
          if (!prev || cpuUs < prev.cpuUs) return; // first sample, or the process restarted
          const cpuPct = ((cpuUs - prev.cpuUs) / 1000 / (t - prev.t)) * 100;
          this.log.append("samples", {
            pass_id: this.passId,
            t_ms: t,
            node: a.name,
            cpu_pct: round1(cpuPct),
            rss_mb: round1(s.process.rssBytes / 1048576),
            running: s.running,
            waiting: s.waiting,
          });
        } catch {
          // A node that is down (disable does not stop /admin/state; crash does) has no sample: a gap in the chart says
          // so.
        }
      })
    );
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
