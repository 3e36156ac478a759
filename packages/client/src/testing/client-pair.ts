import { createFailoverClient } from "../client.js";
import type { ClientDeps, RoutingEvent } from "../types.js";
import { startUpstream } from "./upstream.js";

/**
 * A primary and a backup upstream on free ports behind one failover client of `strategy`, with the
 * client's routing events collected; closing each is pushed onto `cleanups`. `deps` go to the client (a fake clock,
 * an attempt listener).
 */
export async function clientOverPair(
  strategy: string,
  options: Record<string, unknown>,
  cleanups: Array<() => Promise<unknown>>,
  primaryOptions: Parameters<typeof startUpstream>[1] = {},
  deps: Pick<ClientDeps, "clock" | "onAttempt"> = {}
) {
  const primary = await startUpstream("primary", primaryOptions);
  const backup = await startUpstream("backup");
  const events: RoutingEvent[] = [];
  const client = createFailoverClient(
    {
      strategy,
      endpoints: [
        { name: "primary", url: primary.url },
        { name: "backup", url: backup.url },
      ],
      options,
    },
    { ...deps, onEvent: (e) => events.push(e) }
  );
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => client.close()
  );
  return { primary, backup, client, events };
}
