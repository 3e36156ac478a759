import { createWriteStream } from "node:fs";
import type { Command } from "commander";
import { FaultlineError } from "@faultline/core";
import { CliErrorCodes } from "../errors.js";
import { ExitStatus } from "../exit-status.js";

/** `faultline audit verify|export`: the routing ledger of a run (events.db) or of a gateway (`--ledger`). */
export function registerAudit(program: Command): void {
  const audit = program
    .command("audit")
    .description("check or export a routing ledger: a run folder, its events.db, or a gateway's --ledger file");
  audit
    .command("verify")
    .description("walk the ledger's hash chain; exit 0 when it holds, 1 naming the first record that does not")
    .argument("<run-or-ledger>", "a run folder, an events.db, or a gateway's ledger file")
    .action(async (path: string) => {
      const { openLedger, verifyLedger } = await import("@faultline/eventlog");
      const db = openLedger(path);
      try {
        const v = verifyLedger(db);
        if (v.ok) {
          process.stdout.write(`ledger ok: ${v.records} records, hash chain intact\n`);
          process.exitCode = ExitStatus.OK;
          return;
        }
        const b = v.firstBad!;
        const which = b.requestId === null ? "" : ` (request ${b.requestId}, attempt ${b.attempt})`;
        process.stderr.write(`ledger broken at record ${b.seq}${which}: ${b.problem}\n`);
        process.exitCode = ExitStatus.SLO_VIOLATED;
      } finally {
        db.close();
      }
    });
  audit
    .command("export")
    .description("write every record, with its hashes, for retention elsewhere")
    .argument("<run-or-ledger>", "a run folder, an events.db, or a gateway's ledger file")
    .option("--jsonl", "one JSON object per line (the only format, and the default)")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (path: string, f: { jsonl?: boolean; out?: string }) => {
      const { openLedger, ledgerJsonLines } = await import("@faultline/eventlog");
      const db = openLedger(path);
      const out = f.out ? createWriteStream(f.out) : process.stdout;
      // A reader that stops early (`| head`) closes the pipe: the export ends there, without a stack trace.
      let closed = false;
      out.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code !== "EPIPE") throw err;
        closed = true;
      });
      try {
        for (const line of ledgerJsonLines(db)) {
          if (closed) break;
          if (!out.write(`${line}\n`)) await drained(out);
        }
      } finally {
        db.close();
      }
      if (f.out) await new Promise<void>((resolve, reject) => out.end(() => resolve()).once("error", reject));
    });
  audit.action(() => {
    throw new FaultlineError(CliErrorCodes.USAGE, "audit: give a subcommand, verify or export", { field: "audit" });
  });
}

/** Resolves when the stream takes more, or is gone. */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    for (const e of ["drain", "close", "error"]) out.once(e, () => resolve());
  });
}
