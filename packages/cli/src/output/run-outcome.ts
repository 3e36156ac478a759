import type { RunResult } from "@faultline/runner";

/**
 * Writes to stderr what the ledger says went wrong with the faults themselves (not verified as reverted, skipped,
 * not injected) and returns how many were not injected: an SLO that "held" while the scripted faults never
 * happened proves nothing, so the caller turns that count into the exit status.
 */
export function reportLedgerProblems(result: RunResult, write: (line: string) => void): number {
  let notInjected = 0;
  for (const p of result.passes) {
    const unverified = p.ledger.filter((l) => l.applied && !l.verified);
    if (unverified.length)
      write(
        `faultline: warning: [${p.strategy}] ${unverified.length} fault(s) not verified as reverted: ` +
          unverified.map((b) => `${b.fault}@${b.target}: ${b.error}`).join("; ")
      );
    for (const s of p.ledger.filter((l) => l.skipped))
      write(`faultline: [${p.strategy}] attack ${s.attackId} (${s.fault} on ${s.target}) ${s.error}`);
    const failed = p.ledger.filter((l) => !l.applied && !l.skipped);
    notInjected += failed.length;
    for (const f of failed)
      write(`faultline: [${p.strategy}] attack ${f.attackId} (${f.fault} on ${f.target}) was not injected: ${f.error}`);
  }
  return notInjected;
}
