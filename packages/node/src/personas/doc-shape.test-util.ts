/**
 * The JSON skeleton of a value: objects keep their keys (sorted), arrays the skeleton of their first item, and every
 * leaf becomes its type. Two bodies with the same skeleton parse into the same fields for any client, whatever their
 * messages and ids say: what "matches the provider's documented example" means for a generated error.
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return "null";
  if (typeof value === "object")
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, shapeOf((value as Record<string, unknown>)[k])])
    );
  return typeof value;
}

/** RFC 3339 date-time in UTC, as Anthropic's rate-limit resets are written. */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Streams from `url` and, once the first bytes arrive, calls `midway` (which injects a fault); returns the whole text
 * the caller received. For what a provider sends when it fails after the 200.
 */
export async function streamFailingMidway(url: string, body: unknown, midway: () => Promise<unknown>): Promise<string> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const decoder = new TextDecoder();
  let text = "";
  let injected: Promise<unknown> | null = null;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    injected ??= midway();
  }
  await injected;
  return text;
}
