/**
 * The APIs a conversation of the load can be sent over (a load class's `session.api`, the requests table's `api`
 * column). chat: every turn sends the whole history to chat completions, the caller holds the conversation.
 * responses: every turn sends only its new message and names the previous answer (OpenAI's Responses API,
 * previous_response_id with store: true), so the conversation is held by whoever stored that answer.
 */
export const SESSION_APIS = Object.freeze(["chat", "responses"] as const);

/** One API a conversation can be sent over. */
export type SessionApi = (typeof SESSION_APIS)[number];

/**
 * OpenAI's error code for a previous_response_id the server does not hold: the conversation behind it is gone (its
 * owner died, or the turn went elsewhere). A request row's error carries it; the conversation RPO counts by it.
 */
export const CONVERSATION_LOST_CODE = "previous_response_not_found";
