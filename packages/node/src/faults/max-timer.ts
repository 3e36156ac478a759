/**
 * The longest delay setTimeout honours (2^31 − 1 ms, ~24.8 days); longer ones fire after 1 ms, so schemas cap every
 * timer-backed field here.
 */
export const MAX_TIMER_MS = 2_147_483_647;
