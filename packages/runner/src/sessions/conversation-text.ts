/** Three-letter words and a space: four characters, one token by the simulated node's count (chars / 4). */
const WORDS = ["the", "fox", "ran", "far", "and", "sat", "low", "old", "map", "new", "day", "sun"];

/**
 * The text of a conversation's messages: `tokens` tokens of words, as the node counts them, so a class's
 * `context` and `userTokens` are the prompt growth the node sees (and the validator checked against its window).
 * Every message is a slice of one growing text, so holding a long conversation costs one string, not one per turn.
 */
export class ConversationText {
  private text = "";

  /** A message of `tokens` tokens. */
  of(tokens: number): string {
    const chars = Math.max(1, tokens) * 4 - 1;
    if (chars > this.text.length) {
      const words: string[] = [];
      for (let i = 0; i * 4 < chars * 2; i++) words.push(WORDS[i % WORDS.length]!);
      this.text = words.join(" ");
    }
    return this.text.slice(0, chars);
  }
}
