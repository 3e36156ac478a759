import { LRUCache } from "lru-cache";

/** One message of a stored conversation, in the chat form the node prefills from. */
export interface StoredMessage {
  readonly role: string;
  readonly content: string;
}

/** How much a node's response store may hold. */
export interface ResponseStoreLimits {
  readonly maxResponses: number;
  readonly maxChars: number;
}

/** How many conversations a node keeps: OpenAI keeps stored responses 30 days; a node's memory is smaller. */
export const RESPONSE_STORE_LIMITS: ResponseStoreLimits = Object.freeze({
  /** Stored responses a node holds before it forgets the least recently used. */
  maxResponses: 10_000,
  /** Characters of stored text a node holds in all (about 16 MB of UTF-16). */
  maxChars: 8_000_000,
});

/**
 * The provider-owned state of one node: the whole conversation behind each stored response id, so a turn that names
 * `previous_response_id` is prefilled over its history. Bounded (least recently used first, by count and by size):
 * a node's memory is finite, and a forgotten id then answers 404 exactly as an unknown one does. A node that dies
 * loses all of it, which is the point: this is the state a failover to another node cannot take along.
 */
export class ResponseStore {
  private readonly conversations: LRUCache<string, readonly StoredMessage[]>;

  constructor(limits: ResponseStoreLimits = RESPONSE_STORE_LIMITS) {
    this.conversations = new LRUCache({
      max: limits.maxResponses,
      maxSize: limits.maxChars,
      sizeCalculation: (messages) =>
        Math.max(
          1,
          messages.reduce((n, m) => n + m.content.length, 0)
        ),
    });
  }

  /** The conversation up to and including the answer of `id`; undefined when the node never had it or forgot it. */
  get(id: string): readonly StoredMessage[] | undefined {
    return this.conversations.get(id);
  }

  /** Stores the conversation that ends with response `id`'s answer. */
  set(id: string, messages: readonly StoredMessage[]): void {
    this.conversations.set(id, messages);
  }

  /** Stored responses held now. */
  get size(): number {
    return this.conversations.size;
  }
}
