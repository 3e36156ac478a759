import type Database from "better-sqlite3";
import type { TopLevelSpec } from "vega-lite";
import type { PassRow } from "../run-db.js";
import { hasColumn } from "../metrics/has-column.js";
import { CHART_THEME, vegaConfig } from "./theme.js";
import type { AttackBand } from "./time-series-spec.js";

/** Conversations drawn per pass at most, the first to start: more lanes than this only blur into each other. */
const MAX_LANES = 40;
/** Height of one conversation's lane, in pixels. */
const LANE_PX = 9;
/** The fill of a turn that got no answer. */
const FAILED = "no answer";

/** One turn of one conversation: when it ran, who answered it, and whether the conversation broke there. */
export interface TurnSpan {
  strategy: string;
  session: string;
  start: number;
  end: number;
  endpoint: string;
  broke: boolean;
}

const TURNS_SQL = `
  WITH first AS (SELECT session_id, MIN(start_ms) AS t0 FROM requests
                 WHERE pass_id = @pass AND session_id IS NOT NULL GROUP BY session_id ORDER BY t0 LIMIT @lanes),
       last AS (SELECT session_id, MAX(id) AS id FROM requests WHERE pass_id = @pass AND session_id IS NOT NULL
                GROUP BY session_id)
  SELECT r.session_id AS session, r.start_ms / 1000.0 AS start, r.end_ms / 1000.0 AS "end",
         CASE WHEN r.ok = 1 THEN r.served_by ELSE NULL END AS endpoint,
         (r.id = l.id AND r.ok = 0 AND NOT EXISTS (SELECT 1 FROM requests d WHERE d.pass_id = @pass
            AND d.session_id = r.session_id AND d.ok = 1 AND d.session_turn = d.session_turns)) AS broke
  FROM requests r JOIN first f ON f.session_id = r.session_id JOIN last l ON l.session_id = r.session_id
  WHERE r.pass_id = @pass ORDER BY f.t0, r.start_ms`;

/** The turns of a pass's first conversations (MAX_LANES), each with its endpoint; a break marks the last one. */
export function sessionTurns(db: Database.Database, pass: PassRow, label: string): TurnSpan[] {
  if (!hasColumn(db, "requests", "session_id")) return [];
  const rows = db.prepare(TURNS_SQL).all({ pass: pass.id, lanes: MAX_LANES }) as Array<
    Omit<TurnSpan, "strategy" | "endpoint" | "broke"> & { endpoint: string | null; broke: number }
  >;
  return rows.map((r) => ({ ...r, strategy: label, endpoint: r.endpoint ?? FAILED, broke: r.broke === 1 }));
}

/**
 * The session chart: one lane per conversation, each turn a bar from send to answer coloured by the endpoint that
 * answered it (a conversation that hops between endpoints is easy to see), a turn without an answer in the failure
 * colour, a cross where a conversation broke, and the attack windows shaded. One panel per system, same time axis.
 */
export function sessionChartSpec(
  turns: TurnSpan[],
  attacks: AttackBand[],
  strategies: string[],
  colours: { domain: string[]; range: string[] }
): TopLevelSpec {
  const maxEnd = Math.max(0, ...turns.map((t) => t.end), ...attacks.map((a) => a.end));
  const colour = { domain: [...colours.domain, FAILED], range: [...colours.range, CHART_THEME.failColour] };
  const x = {
    field: "start",
    type: "quantitative",
    title: "time since pass start (s)",
    scale: { domain: [0, maxEnd] },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Conversations over time: each turn coloured by the endpoint that answered it, x where one broke",
    config: vegaConfig(),
    vconcat: strategies
      .filter((st) => turns.some((t) => t.strategy === st))
      .map((st) => {
        const mine = turns.filter((t) => t.strategy === st);
        const lanes = new Set(mine.map((t) => t.session)).size;
        return {
          title: { text: st, fontSize: 12, anchor: "start" },
          width: CHART_THEME.width,
          height: Math.max(60, lanes * LANE_PX),
          layer: [
            {
              data: { values: attacks.filter((a) => a.strategy === st) },
              mark: { type: "rect", color: CHART_THEME.attackFill, opacity: CHART_THEME.attackOpacity },
              encoding: { x: { ...x, field: "start" }, x2: { field: "end" } },
            },
            {
              data: { values: mine },
              mark: { type: "bar", height: { band: 0.8 } },
              encoding: {
                y: { field: "session", type: "nominal", title: "conversation", sort: null, axis: { labels: false } },
                x,
                x2: { field: "end" },
                color: { field: "endpoint", type: "nominal", title: "answered by", scale: colour },
              },
            },
            {
              data: { values: mine.filter((t) => t.broke) },
              mark: { type: "point", shape: "cross", size: 90, filled: true, color: "#111111" },
              encoding: {
                y: { field: "session", type: "nominal", sort: null },
                x: { field: "end", type: "quantitative" },
              },
            },
          ],
        };
      }),
  } as TopLevelSpec;
}
