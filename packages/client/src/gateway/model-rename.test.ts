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

  it("names the endpoint before the model", () => {
    expect(new StreamModelRenamer().rename(chunk('"m"', '"a"'), "gpu-1")).toContain('"model":"gpu-1/m"');
  });
});
