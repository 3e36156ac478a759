import { FaultlineError } from "@faultline/core";
import type { ShardSpec } from "@faultline/runner";

/** The `run --shard <i>/<n> --start-at <time>` pair, checked together: one without the other is refused. */
export async function shardFlags(flags: { shard?: string; startAt?: string }): Promise<ShardSpec | undefined> {
  if (flags.shard === undefined && flags.startAt === undefined) return undefined;
  const { parseShardFlag, parseStartAt, RunnerErrorCodes } = await import("@faultline/runner");
  const missing = flags.shard === undefined ? "--shard" : flags.startAt === undefined ? "--start-at" : null;
  if (missing)
    throw new FaultlineError(
      RunnerErrorCodes.SHARD_INVALID,
      `${missing}: a sharded run needs both --shard <i>/<n> and --start-at <time> (the same time on every shard)`,
      { field: missing }
    );
  return { ...parseShardFlag(flags.shard!), startAtMs: parseStartAt(flags.startAt!) };
}
