import { CONVERSATION_LOST_CODE } from "@faultline/contracts";
import { createRandom, type Clock, type Random, type Timer } from "@faultline/core";
import type { RequestClass, SessionSpec } from "@faultline/scenario";
import type { JudgedOutcome } from "../systems/load-target.js";
import type { PlannedRequest, SessionTurn } from "../request-factory.js";
import { RUNNER_DEFAULTS } from "../defaults.js";
import { ConversationText } from "./conversation-text.js";
import { sessionStarts, type SessionStart } from "./session-starts.js";
import { responseIdOf, turnBody, type Message } from "./turn-body.js";

/** What the session driver needs around it. */
export interface SessionDriverDeps {
  /** The load's conversation classes (those with a session). */
  classes: readonly RequestClass[];
  durationMs: number;
  seed: number;
  passId: number;
  model: string;
  clock: Clock;
  /** Sends one request and records its row (LoadGenerator.submit). */
  submit: (planned: PlannedRequest, scheduledMs: number, requestId: string) => Promise<JudgedOutcome>;
  /** The shard this process plays: conversation k is its own when k mod count equals index. */
  shard?: { index: number; count: number } | null;
}

/**
 * Plays the load's conversations: each session sends its turns one after another, turn n + 1 only after turn
 * n's answer and a think time, each prompt the whole history so far plus a new user message. A failed turn is
 * asked again after a think time (RUNNER_DEFAULTS.sessionAskAgain times); failing again breaks the session.
 * Over the Responses API (`session.api: responses`) each turn sends only its new message, chained to the last
 * answer's id; a turn refused with previous_response_not_found breaks the session at once, as a history that
 * outgrew the window does: the conversation is gone from the server, and asking again cannot bring it back.
 * No turn starts after the pass's end: a session still going then is unfinished, not broken.
 */
export class SessionDriver {
  private readonly text = new ConversationText();
  private readonly waits = new Set<{ timer: Timer; resolve: () => void }>();
  private stopped = false;
  private endRun: () => void = () => undefined;

  constructor(private readonly d: SessionDriverDeps) {}

  /**
   * Starts every conversation at its time; resolves when all have ended, or at the pass's end or stop(), when the
   * turns still in flight are left to the load generator's drain like any other request.
   */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve(); // the pass was stopped before it started
    const starts = sessionStarts(this.d.classes, this.d.durationMs, createRandom(this.d.seed, 3)).filter(
      (s) => !this.d.shard || s.index % this.d.shard.count === this.d.shard.index
    );
    const end = this.d.clock.setTimeout(() => this.stop(), Math.max(0, this.d.durationMs - this.d.clock.now()));
    const all = Promise.all(starts.map((s) => this.wait(s.atMs - this.d.clock.now()).then(() => this.play(s))));
    const stopped = new Promise<void>((resolve) => (this.endRun = resolve));
    return Promise.race([all.then(() => undefined), stopped]).finally(() => this.d.clock.clearTimeout(end));
  }

  /** Stops starting turns; conversations waiting to think end at once. */
  stop(): void {
    this.stopped = true;
    this.endRun();
    for (const w of this.waits) {
      this.d.clock.clearTimeout(w.timer);
      w.resolve();
    }
    this.waits.clear();
  }

  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const w = { timer: undefined as unknown as Timer, resolve };
      w.timer = this.d.clock.setTimeout(() => {
        this.waits.delete(w);
        resolve();
      }, ms);
      this.waits.add(w);
    });
  }

  private over(): boolean {
    return this.stopped || this.d.clock.now() >= this.d.durationMs;
  }

  private async play(s: SessionStart): Promise<void> {
    const spec = s.cls.session!;
    // Each conversation draws from its own stream: the same conversation whichever shard plays it.
    const rng = createRandom(this.d.seed, 1000 + s.index);
    const turns = rng.int(spec.turns.min, spec.turns.max);
    const id = `p${this.d.passId}-${s.cls.name}-${s.index}`;
    const messages: Message[] = [{ role: "system", content: this.text.of(draw(rng, spec.contextTokens)) }];
    let previous: string | null = null;
    for (let turn = 1; turn <= turns; turn++) {
      messages.push({ role: "user", content: this.text.of(draw(rng, spec.userTokens)) });
      let answer: JudgedOutcome | null = null;
      for (let asked = 0; answer === null; asked++) {
        if (this.over()) return;
        const o = await this.send(s.cls, rng, { id, turn, turns, api: spec.api }, messages, previous, asked);
        if (o.ok) answer = o;
        // A history that outgrew the window, or a conversation the server no longer holds, fails the same way
        // every time: asking again cannot help.
        else if (asked >= RUNNER_DEFAULTS.sessionAskAgain || outgrewWindow(o) || conversationGone(o)) return;
        else await this.think(rng, spec);
      }
      previous = responseIdOf(answer.body);
      messages.push({ role: "assistant", content: this.text.of(answer.completionTokens) });
      if (turn < turns) await this.think(rng, spec);
    }
  }

  private think(rng: Random, spec: SessionSpec): Promise<void> {
    return this.wait(draw(rng, spec.thinkTimeMs));
  }

  private send(
    cls: RequestClass,
    rng: Random,
    session: SessionTurn,
    messages: readonly Message[],
    previousResponseId: string | null,
    asked: number
  ): Promise<JudgedOutcome> {
    const stream = rng.next() < cls.stream;
    const maxTokens = draw(rng, cls.maxTokens);
    const body = turnBody(session.api, { model: this.d.model, messages, maxTokens, stream, previousResponseId });
    const planned: PlannedRequest = {
      body,
      stream,
      promptTokens: messages.reduce((n, m) => n + Math.ceil((m.content.length + m.role.length) / 4), 0),
      requestClass: cls.name,
      residency: cls.residency,
      minTier: cls.minTier,
      session,
    };
    const requestId = `fl-${this.d.passId}-${session.id}-${session.turn}${asked > 0 ? `-again${asked}` : ""}`;
    return this.d.submit(planned, this.d.clock.now(), requestId);
  }
}

const draw = (rng: Random, r: { min: number; max: number }): number => rng.int(r.min, r.max);

/** The server no longer holds the conversation the turn continues (OpenAI's previous_response_not_found). */
function conversationGone(o: JudgedOutcome): boolean {
  return o.error !== null && o.error.includes(CONVERSATION_LOST_CODE);
}

/** The node refused the prompt as longer than its context window (the client's larger_context disposition). */
function outgrewWindow(o: JudgedOutcome): boolean {
  return o.error !== null && o.error.includes("context_length_exceeded");
}
