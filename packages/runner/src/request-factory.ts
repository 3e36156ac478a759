import type { Random } from "@faultline/core";
import type { LoadSpec } from "@faultline/scenario";

/** A cheap vocabulary for prompts: one word is about one token for the simulator. */
const WORDS = "the quick brown fox jumps over a lazy dog while servers fail over between clouds".split(" ");

/** One request the load generator will send. */
export interface PlannedRequest {
  body: Record<string, unknown>;
  stream: boolean;
  promptTokens: number;
}

/** Builds chat completion bodies from the load profile, drawing lengths from the seeded random source. */
export class RequestFactory {
  private readonly prompts = new Map<number, string>();

  constructor(private readonly load: LoadSpec, private readonly random: Random, private readonly model: string) {}

  private prompt(tokens: number): string {
    let p = this.prompts.get(tokens);
    if (p === undefined) {
      const words: string[] = [];
      for (let i = 0; i < tokens; i++) words.push(WORDS[i % WORDS.length]!);
      p = words.join(" ");
      this.prompts.set(tokens, p);
    }
    return p;
  }

  /** Draws the next request. */
  next(): PlannedRequest {
    const { promptTokens, maxTokens, stream } = this.load;
    const promptLen = this.random.int(promptTokens.min, promptTokens.max);
    const maxLen = this.random.int(maxTokens.min, maxTokens.max);
    const isStream = this.random.next() < stream;
    const body: Record<string, unknown> = {
      model: this.model,
      messages: [{ role: "user", content: this.prompt(promptLen) }],
      max_tokens: maxLen,
    };
    if (isStream) { body["stream"] = true; body["stream_options"] = { include_usage: true }; }
    return { body, stream: isStream, promptTokens: promptLen };
  }
}
