import type { Estimate, FleetResult } from "./fleet-result.js";

/** Minutes as the table prints them: seconds below a minute, so 0.32 s does not read as 0. */
export function formatMinutes(min: number): string {
  if (min === 0) return "0";
  if (min < 1) return `${(min * 60).toPrecision(2)} s`;
  return `${min < 10 ? min.toFixed(2) : min.toFixed(1)} min`;
}

const pct = (a: number) => `${(a * 100).toFixed(a > 0.9999 ? 5 : 3)}%`;
const est = (e: Estimate, f: (x: number) => string) => `${f(e.value)}  [${f(e.low)} – ${f(e.high)}]`;

/** The table `faultline fleet` prints: the distribution with 95% CIs, the causes, and the closed form beside it. */
export function formatFleetResult(r: FleetResult): string {
  const d = r.downtimeMin;
  const a = r.availability;
  const lines = [
    `fleet ${r.fleet}: ${r.months.toLocaleString("en-US")} months ` +
      `(${r.providerMonths.toLocaleString("en-US")} provider-months), seed ${r.seed}, ` +
      `${r.threads} thread(s), ${(r.elapsedMs / 1000).toFixed(2)} s`,
    "",
    "downtime per month     value  [95% CI]           availability  [95% CI]",
    ...(["mean", "p50", "p95", "p99"] as const).map(
      (k) => `  ${k.padEnd(5)}  ${est(d[k], formatMinutes).padEnd(36)} ${est(a[k], pct)}`
    ),
    "",
    `incidents per month    mean ${r.incidentsPerMonth.mean.toFixed(2)}, ` +
      `p50 ${r.incidentsPerMonth.p50}, p95 ${r.incidentsPerMonth.p95}`,
    `months with downtime   ${r.monthsWithDowntime.toLocaleString("en-US")} of ${r.months.toLocaleString("en-US")}` +
      (r.monthsWithDowntime < 100 ? " (too few for the mean's CI to be trusted: add --months)" : ""),
    `degraded (slow) time   ${formatMinutes(r.degradedMinPerMonth)} per month`,
    `downtime by cause      detection ${share(r.causes.detection)}, ` +
      `failed failover ${share(r.causes.failedFailover)}, ` +
      `correlated ${share(r.causes.correlated)}, independent overlap ${share(r.causes.independent)}`,
    "",
    `closed form 1 − Π(1 − Aᵢ), independent units, instant perfect failover:`,
    `  from the parameters   availability ${pct(r.closedForm.nominal.fleetAvailability)}, ` +
      `${formatMinutes(r.closedForm.nominal.downtimeMinPerMonth)} per month` +
      ` (${r.closedForm.nominalWithinCi ? "inside" : "outside"} the simulated mean's CI)`,
    `  from simulated units  availability ${pct(r.closedForm.fromSimulatedUnits.fleetAvailability)}, ` +
      `${formatMinutes(r.closedForm.fromSimulatedUnits.downtimeMinPerMonth)} per month`,
    `  unit availability     ${r.closedForm.nominal.unitAvailability.map(pct).join(", ")}`,
  ];
  return lines.join("\n");
}

const share = (x: number) => `${(x * 100).toFixed(1)}%`;
