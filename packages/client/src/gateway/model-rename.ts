const MODEL_FIELD = /"model"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** The response's model names the endpoint that answered: `<endpoint>/<model>` (the first "model" field). */
export function renameModel(text: string, endpoint: string): string {
  return text.replace(MODEL_FIELD, (_m, model: string) => renamedField(endpoint, model));
}

/** The model field as the gateway writes it, `model` being the upstream's value as written in its JSON. */
function renamedField(endpoint: string, model: string): string {
  return `"model":"${endpoint}/${model}"`;
}

/**
 * renameModel for the frames of one stream, which repeat the same model field frame after frame: the last field
 * matched and its renaming are remembered, and a frame whose first `"model"` starts with that same field is renamed
 * by splicing, with no regex. The result is renameModel's: the regex's first match can only start at the first
 * `"model"`, and a match is fixed by its own text (it ends at the first unescaped quote after the value's opening
 * one), so a frame that starts the same text there matches the same. Any other frame goes through renameModel.
 * The regex per frame was 4.7% of the gateway's CPU in a profile while it relayed streams (issue 23).
 */
export class StreamModelRenamer {
  private field = "";
  private renamed = "";
  private endpoint = "";
  private prefixBefore = "";
  private prefixAfter = "";
  private prefixEndpoint = "";
  private prefix: Buffer | null = null;

  /**
   * `data: ` and `before` renamed for `endpoint`, as bytes, when every frame `before + content + after` of a
   * ContentFrameTemplate is renamed within `before`: the text before a plain content then carries the frame's first
   * model field whole, or no frame of the template has one. Null when the field follows the content; such a frame is
   * renamed whole. Remembered for the last template and endpoint.
   */
  prefixFor(before: string, after: string, endpoint: string): Buffer | null {
    if (before === this.prefixBefore && after === this.prefixAfter && endpoint === this.prefixEndpoint)
      return this.prefix;
    this.prefixBefore = before;
    this.prefixAfter = after;
    this.prefixEndpoint = endpoint;
    // A plain content holds no quote, so the regex matches any frame of the template where it matches this one.
    const m = MODEL_FIELD.exec(before + after);
    let renamed: string | null = before;
    if (m !== null)
      renamed =
        m.index + m[0].length <= before.length
          ? before.slice(0, m.index) + renamedField(endpoint, m[1]!) + before.slice(m.index + m[0].length)
          : null;
    this.prefix = renamed === null ? null : Buffer.from(`data: ${renamed}`);
    return this.prefix;
  }

  /** `text` with its model renamed for `endpoint`, as renameModel would. */
  rename(text: string, endpoint: string): string {
    const at = text.indexOf('"model"');
    if (at < 0) return text;
    if (endpoint === this.endpoint && this.field !== "" && text.startsWith(this.field, at))
      return text.slice(0, at) + this.renamed + text.slice(at + this.field.length);
    const m = MODEL_FIELD.exec(text);
    if (m === null) return text;
    this.field = m[0];
    this.endpoint = endpoint;
    this.renamed = renamedField(endpoint, m[1]!);
    return text.slice(0, m.index) + this.renamed + text.slice(m.index + m[0].length);
  }
}
