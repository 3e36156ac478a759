/**
 * The headers that carry a conversation's identity with each of its requests, to faultline's client, a gateway
 * under test and the simulated node (whose per-session prefix cache is keyed by the first). The runner's request
 * rows keep the same two values (requests.session_id, session_turn).
 */
export const SESSION_HEADER = "x-faultline-session";
/** The 1-based turn of the conversation the request is (see SESSION_HEADER). */
export const TURN_HEADER = "x-faultline-turn";

/** What faultline's client keys session affinity on (`affinity`): nothing, a request header, or the body's `user`. */
export const AFFINITY_KEYS = Object.freeze(["off", "header", "user"] as const);
/** One value of the `affinity` client option. */
export type AffinityKey = (typeof AFFINITY_KEYS)[number];
