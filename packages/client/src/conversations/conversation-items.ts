/** The input items of a Responses API turn: a string is one user message; an array is taken as the caller sent it. */
export function inputItems(input: unknown): unknown[] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  return Array.isArray(input) ? input : [];
}

/** A response's output text (its output_text parts, joined), as the assistant message of a transcript. */
export function answerItem(response: unknown): { role: "assistant"; content: string } {
  const output = (response as { output?: unknown } | null)?.output;
  let text = "";
  for (const item of Array.isArray(output) ? output : []) {
    const content = (item as { type?: unknown; content?: unknown }).content;
    if ((item as { type?: unknown }).type !== "message" || !Array.isArray(content)) continue;
    for (const part of content)
      if ((part as { type?: unknown }).type === "output_text") text += String((part as { text?: unknown }).text ?? "");
  }
  return { role: "assistant", content: text };
}
