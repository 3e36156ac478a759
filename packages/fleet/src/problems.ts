/** Collects every problem of an input file, each naming its field, so one run of the command reports them all. */
export class Problems {
  readonly list: Array<{ field: string; message: string }> = [];

  /** Records a problem at `field`. */
  add(field: string, message: string): void {
    this.list.push({ field, message: `${field}: ${message}` });
  }

  /** A finite number, or a problem and undefined. */
  number(value: unknown, field: string, rule: (n: number) => boolean, ruleText: string): number | undefined {
    if (typeof value === "number" && Number.isFinite(value) && rule(value)) return value;
    this.add(field, `${JSON.stringify(value)} is not valid; it must be ${ruleText}`);
    return undefined;
  }

  /** A share 0..1, written as 0.95 or "95%". */
  share(value: unknown, field: string): number | undefined {
    const n = typeof value === "string" && /^\s*\d+(\.\d+)?\s*%\s*$/.test(value) ? parseFloat(value) / 100 : value;
    return this.number(n, field, (x) => x >= 0 && x <= 1, "a share between 0 and 1 (0.95 or 95%)");
  }

  /** A plain object, or a problem and undefined. */
  object(value: unknown, field: string): Record<string, unknown> | undefined {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    this.add(field, `must be a mapping, got ${JSON.stringify(value)}`);
    return undefined;
  }

  /** Reports keys the schema does not know (a typo would otherwise be silently ignored). */
  onlyKeys(obj: Record<string, unknown>, field: string, known: readonly string[]): void {
    for (const k of Object.keys(obj))
      if (!known.includes(k)) this.add(`${field}.${k}`, `unknown key; the keys here are ${known.join(", ")}`);
  }
}
