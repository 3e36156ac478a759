import type { Random } from "@faultline/core";
import type { LoadSpec, RequestClass } from "@faultline/scenario";
import type { SessionApi, Tier } from "@faultline/contracts";

/** A cheap vocabulary for prompts: one word is about one token for the simulator. */
const WORDS = "the quick brown fox jumps over a lazy dog while servers fail over between clouds".split(" ");

/** The model name the load generator puts in requests (the simulated nodes answer any). */
export const LOAD_MODEL = "faultline-sim";

/** One request the load generator will send. */
export interface PlannedRequest {
  body: Record<string, unknown>;
  stream: boolean;
  promptTokens: number;
  /** The request class it was drawn from, or null when the load has none. */
  requestClass: string | null;
  /** The jurisdiction tag the request must stay in (its class's residency), or null. */
  residency: string | null;
  /** The lowest tier the request accepts (its class's minTier), or null. */
  minTier: Tier | null;
  /** The conversation turn it is (sessions/session-driver.ts), or null for a single request. */
  session: SessionTurn | null;
}

/** Which conversation a request belongs to, its 1-based turn, and the turns the conversation was planned to have. */
export interface SessionTurn {
  readonly id: string;
  readonly turn: number;
  readonly turns: number;
  /** The API the turn goes over: chat (the whole history) or responses (the new message, chained by id). */
  readonly api: SessionApi;
}

type Shape = Pick<RequestClass, "stream" | "promptTokens" | "maxTokens" | "residency" | "minTier"> & {
  name: string | null;
};

/**
 * Builds chat completion bodies from the load profile, drawing the request
 * class (by weight) and the lengths from the seeded random source.
 */
export class RequestFactory {
  private readonly prompts = new Map<number, string>();
  private readonly shapes: Shape[];
  private readonly cumulative: number[];

  constructor(
    load: LoadSpec,
    private readonly random: Random,
    private readonly model: string
  ) {
    // Conversation classes have their own schedule (sessions/session-driver.ts); the open model draws the rest.
    const classes = (load.classes ?? []).filter((c) => !c.session);
    this.shapes = classes.length
      ? classes.map((c) => ({ ...c }))
      : [
          {
            name: null,
            stream: load.stream,
            promptTokens: load.promptTokens,
            maxTokens: load.maxTokens,
            residency: null,
            minTier: null,
          },
        ];
    const weights = classes.length ? classes.map((c) => c.weight) : [1];
    const total = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.cumulative = weights.map((w) => (acc += w / total));
  }

  // Every prompt is a prefix of one text, so each is a slice of the longest one so far: a cache
  // of whole strings held one per length, and a range of 64-8,192 tokens grew it to ~200 MB.
  private text = "";
  private readonly wordEnds: number[] = [];

  private prompt(tokens: number): string {
    let p = this.prompts.get(tokens);
    if (p === undefined) {
      if (tokens > this.wordEnds.length) {
        // Built once for the longest prompt any class can draw, so no slice keeps an older text alive.
        const longest = Math.max(tokens, ...this.shapes.map((s) => s.promptTokens.max));
        const words: string[] = [];
        for (let i = 0; i < longest; i++) words.push(WORDS[i % WORDS.length]!);
        this.text = words.join(" ");
        this.wordEnds.length = 0;
        let end = 0;
        for (const w of words) this.wordEnds.push((end += w.length + (end === 0 ? 0 : 1)));
      }
      p = tokens === 0 ? "" : this.text.slice(0, this.wordEnds[tokens - 1]);
      this.prompts.set(tokens, p);
    }
    return p;
  }

  private shape(): Shape {
    if (this.shapes.length === 1) return this.shapes[0]!;
    const r = this.random.next();
    const i = this.cumulative.findIndex((c) => r < c);
    return this.shapes[i === -1 ? this.shapes.length - 1 : i]!;
  }

  /** Draws the next request. */
  next(): PlannedRequest {
    const shape = this.shape();
    const promptLen = this.random.int(shape.promptTokens.min, shape.promptTokens.max);
    const maxLen = this.random.int(shape.maxTokens.min, shape.maxTokens.max);
    const isStream = this.random.next() < shape.stream;
    const body: Record<string, unknown> = {
      model: this.model,
      messages: [{ role: "user", content: this.prompt(promptLen) }],
      max_tokens: maxLen,
    };
    if (isStream) {
      body["stream"] = true;
      body["stream_options"] = { include_usage: true };
    }
    return {
      body,
      stream: isStream,
      promptTokens: promptLen,
      requestClass: shape.name,
      residency: shape.residency ?? null,
      minTier: shape.minTier ?? null,
      session: null,
    };
  }
}
