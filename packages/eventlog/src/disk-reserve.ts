import { unlinkSync, writeFileSync } from "node:fs";

/**
 * A file of zeros held beside events.db and deleted when a write fails for
 * want of space. SQLite then has room to record how the run ended (the pass
 * status, `complete = 0`): without it, a run that filled its 2 MB disk left its
 * pass marked `running` (issue 24).
 */
export class DiskReserve {
  private held: boolean;

  /** Writes `bytes` of zeros to `path` (real blocks, not a sparse file); throws when the disk cannot take them. */
  constructor(
    readonly path: string,
    bytes: number
  ) {
    writeFileSync(path, Buffer.alloc(bytes));
    this.held = true;
  }

  /** Gives the space back; safe to call more than once. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone (a person cleaning up); the space is free either way.
    }
  }
}
