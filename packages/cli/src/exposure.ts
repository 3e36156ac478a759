/** True for an address only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/**
 * The warning `faultline node` and `faultline proxy` print when they listen
 * beyond loopback: the admin API can disable or crash the node for anyone
 * holding the token, and `--host 0.0.0.0` used to expose it silently.
 */
export function exposureWarning(host: string): string | null {
  if (isLoopback(host)) return null;
  return (
    `faultline: warning: listening on ${host}: the admin API (/admin/*) is reachable from the ` +
    `network, guarded only by the admin token\n`
  );
}
