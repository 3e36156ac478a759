import type { Fleet } from "./types.js";

/** The textbook answer beside the simulation: independent units, instant and perfect failover. */
export interface ClosedForm {
  /** Availability of each chain unit from its provider's parameters, E[gap] / (E[gap] + E[repair]). */
  unitAvailability: number[];
  /** 1 − Π(1 − Aᵢ) over the chain. */
  fleetAvailability: number;
  /** (1 − fleetAvailability) × the month, in minutes. */
  downtimeMinPerMonth: number;
}

/**
 * The naive answer: every chain unit fails independently of the others, detection is instant and every failover
 * succeeds, so the fleet is down only when every unit is down at once: 1 − Π(1 − Aᵢ). The simulation matches it
 * when its fleet has β = 0, no correlation, critical-only impact, zero detection, full success and a flat profile.
 */
export function closedForm(fleet: Fleet, unitAvailability?: number[]): ClosedForm {
  const a =
    unitAvailability ?? fleet.failover.chain.map((u) => fleet.providers[fleet.units[u]!.provider]!.nominalAvailability);
  const down = a.reduce((prod, ai) => prod * (1 - ai), 1);
  return { unitAvailability: a, fleetAvailability: 1 - down, downtimeMinPerMonth: down * fleet.monthHours * 60 };
}
