/**
 * A bounded memory of prompt prefixes (the first message, usually a system
 * prompt) the node has prefilled before. Like vLLM's automatic prefix
 * caching, a hit skips the prefill cost of those tokens.
 */
export class PrefixCache {
  private readonly seen = new Map<string, true>();
  constructor(private readonly capacity = 1024) {}

  /** Records the prefix; true when it was already cached. */
  hit(key: string): boolean {
    if (this.seen.delete(key)) {
      this.seen.set(key, true);
      return true;
    }
    this.seen.set(key, true);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
    return false;
  }
}
