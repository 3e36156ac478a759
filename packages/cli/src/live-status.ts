import { createLogUpdate } from "log-update";
import pc from "picocolors";
import { formatProgressLine, RUNNER_DEFAULTS, type ProgressSnapshot } from "@faultline/runner";
import { panelLines } from "./output/panel.js";

/** Columns assumed when a terminal does not say its width. */
const FALLBACK_COLUMNS = 80;

/**
 * Whether to colour `stream`: a terminal, unless NO_COLOR is set (no-color.org) or TERM is dumb; FORCE_COLOR forces
 * it. Decided for the stream the panel writes to (stderr), not for stdout as picocolors' default does, so
 * `faultline run --json > out.json` still gets a coloured panel.
 */
export function colourEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/**
 * Live progress on stderr. On a terminal it is one panel redrawn in place by log-update (which counts the lines it
 * drew, wrapped ones included, so a resize cannot leave stacked copies), each line fitted to the terminal's width;
 * elsewhere (CI, pipes) one plain line every few seconds.
 */
export function liveStatus(stream: NodeJS.WriteStream = process.stderr): {
  update: (s: ProgressSnapshot) => void;
  done: () => void;
} {
  let lastLine = 0;
  let lastStrategy = "";
  if (!stream.isTTY) {
    return {
      update: (s) => {
        if (s.strategy !== lastStrategy) {
          lastStrategy = s.strategy;
          lastLine = 0;
        }
        if (s.elapsedMs - lastLine < RUNNER_DEFAULTS.progressIntervalMs && lastLine !== 0) return;
        lastLine = s.elapsedMs || 1;
        stream.write(formatProgressLine(s) + "\n");
      },
      done: () => {},
    };
  }
  const colours = pc.createColors(colourEnabled(stream));
  const draw = createLogUpdate(stream);
  return {
    update: (s) => {
      // A new pass keeps the last panel of the one before on screen, as its record.
      if (lastStrategy && s.strategy !== lastStrategy) draw.done();
      lastStrategy = s.strategy;
      draw(panelLines(s, stream.columns || FALLBACK_COLUMNS, colours).join("\n"));
    },
    done: () => draw.done(),
  };
}
