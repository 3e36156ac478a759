/** The kinds of event on the simulation's agenda. */
export const EVENT = Object.freeze({
  PROVIDER_INCIDENT: 0,
  COMMON_INCIDENT: 1,
  IMPAIRMENT_END: 2,
  DETECTED: 3,
  FAILBACK: 4,
  MONTH_END: 5,
});
