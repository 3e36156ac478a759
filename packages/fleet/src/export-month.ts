import type { CapturedMonth } from "./capture-month.js";
import { scenarioYaml } from "./scenario-yaml.js";
import { EXPORT_LOAD, attacksForImpact, ms, nodeName, type GeneratedAttack } from "./impact-attacks.js";
import type { Fleet } from "./types.js";

/** The marker of the prediction comment; `faultline fleet-check` finds it in the run's saved scenario text. */
export const PREDICTION_MARKER = "# faultline-fleet-prediction: ";

/** What the model predicts for the exported month, in scenario milliseconds. */
export interface MonthPrediction {
  fleet: string;
  seed: number;
  percentile: number;
  monthIndex: number;
  /** Scenario ms per month ms. */
  timeScale: number;
  /** Error-weighted downtime the model's failover layer gives, time-scaled. */
  downtimeMs: number;
  /** The part no failover could avoid (every chain unit impaired), time-scaled: a live system's floor. */
  floorMs: number;
  incidents: number;
}

/** How an exported scenario is loaded and driven. */
export interface ExportOptions {
  percentile: number;
  timeScale: number;
  /** Requests per second of the scenario's load. */
  rate?: number;
  /** Node profile of every unit. */
  profile?: string;
}

/**
 * Writes the captured month as scenario YAML: one node per chain unit (cloud = provider, region = region), the chain
 * as the client's order, and every impairment of a chain unit as attacks on its node, compressed by the time scale.
 * The prediction rides along as a comment, so the run's saved scenario text carries it to `fleet-check`.
 */
export function exportMonthScenario(
  fleet: Fleet,
  month: CapturedMonth,
  options: ExportOptions
): { yaml: string; prediction: MonthPrediction } {
  const H = 3_600_000 * options.timeScale;
  const names = new Map(fleet.failover.chain.map((u) => [u, nodeName(fleet.units[u]!.id.replace("@", "-"))]));
  const nodes = Object.fromEntries(
    fleet.failover.chain.map((u) => [
      names.get(u)!,
      {
        profile: options.profile ?? "h100-llama3-8b",
        cloud: nodeName(fleet.providers[fleet.units[u]!.provider]!.name),
        region: fleet.units[u]!.region,
      },
    ])
  );
  const attacks: GeneratedAttack[] = [];
  (month.tally.impairments ?? [])
    .filter((i) => names.has(i.unit))
    .sort((a, b) => a.startH - b.startH)
    .forEach((i, n) =>
      attacks.push(
        ...attacksForImpact(
          `${names.get(i.unit)}-${n}-${i.level}`,
          names.get(i.unit)!,
          i.startH * H,
          (i.endH - i.startH) * H,
          i
        )
      )
    );
  const c = month.tally.byCause;
  const prediction: MonthPrediction = {
    fleet: fleet.name,
    seed: fleet.seed,
    percentile: options.percentile,
    monthIndex: month.index,
    timeScale: options.timeScale,
    downtimeMs: month.tally.downtimeH * H,
    floorMs: (c.correlated + c.independent) * H,
    incidents: month.tally.incidents,
  };
  const scenario = {
    name: nodeName(`${fleet.name}-p${Math.round(options.percentile * 100)}-month`),
    duration: ms(fleet.monthHours * H),
    seed: fleet.seed,
    nodes,
    client: { strategy: "active-passive", order: fleet.failover.chain.map((u) => names.get(u)!) },
    load: EXPORT_LOAD(options.rate ?? 50),
    attacks,
  };
  const header = [
    `# The p${options.percentile * 100} month of fleet "${fleet.name}" ` +
      `(month ${month.index} of seed ${fleet.seed}), one month hour = ${ms(H)}.`,
    "# Written by `faultline fleet --export-month`; after `faultline run`, `faultline fleet-check <run>` compares.",
    PREDICTION_MARKER + JSON.stringify(prediction),
  ].join("\n");
  return { yaml: `${header}\n${scenarioYaml(scenario)}`, prediction };
}
