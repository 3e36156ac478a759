import { describe, expect, it } from "vitest";
import { renameModel, StreamModelRenamer } from "./model-rename.js";

const chunk = (model: string, content: string) =>
  `{"id":"c","object":"chat.completion.chunk","created":1,"model":${model},` +
  `"choices":[{"delta":{"content":${content}}}]}`;

describe("StreamModelRenamer", () => {
  it("renames every frame of a stream as renameModel does, including frames that differ from the last", () => {
    const frames = [
      chunk('"m"', '"a"'),
      chunk('"m"', '"b"'),
      chunk('"m2"', '"c"'),
      chunk('"m2"', '"c"'),
      chunk('"a\\"b"', '"x"'),
      chunk('"a\\"b"', '"\\"model\\":\\"y\\""'),
      '{"id":"c","choices":[],"usage":{"completion_tokens":3}}',
      '{"model" : "spaced","x":1}',
      '{"modelx":"n","model":"m"}',
      '{"model":3,"other":{"model":"inner"}}',
      chunk('"m"', '"d"'),
    ];
    const renamer = new StreamModelRenamer();
    for (const endpoint of ["e0", "e1"])
      for (const f of frames) expect(renamer.rename(f, endpoint)).toBe(renameModel(f, endpoint));
  });

  it("renames a template's text before its content as renameModel renames each of its frames", () => {
    const templates: Array<[before: string, after: string]> = [
      ['{"id":"c","model":"m","choices":[{"delta":{"content":"', '"}}]}'],
      ['{"id":"c","model":"a\\"b","choices":[{"delta":{"content":"', '"}}]}'],
      ['{"id":"c","choices":[{"delta":{"content":"', '"}}]}'],
    ];
    const renamer = new StreamModelRenamer();
    for (const endpoint of ["e0", "e1"])
      for (const [before, after] of templates) {
        const prefix = renamer.prefixFor(before, after, endpoint);
        for (const content of ["", "tok", " two words"]) {
          const frame = before + content + after;
          expect(`${prefix}${content}${after}`, frame).toBe(`data: ${renameModel(frame, endpoint)}`);
        }
      }
  });

  it("leaves a template whose model field follows the content to the whole-frame rename", () => {
    const renamer = new StreamModelRenamer();
    expect(renamer.prefixFor('{"choices":[{"delta":{"content":"', '"}}],"model":"m"}', "e0")).toBeNull();
    // The regex's first match is the string-valued one after the content, not the number before it.
    expect(
      renamer.prefixFor('{"model":3,"choices":[{"delta":{"content":"', '"}}],"x":{"model":"in"}}', "e0")
    ).toBeNull();
  });

  it("names the endpoint before the model", () => {
    expect(new StreamModelRenamer().rename(chunk('"m"', '"a"'), "gpu-1")).toContain('"model":"gpu-1/m"');
  });
});
