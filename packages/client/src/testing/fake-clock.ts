/** The tests' clock; one implementation for every package, in @faultline/core. */
export { FakeClock } from "@faultline/core";
