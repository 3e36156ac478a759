// Writes the scenario's validators as code (ajv's standaloneCode) to dist/validators/generated.js, after tsc:
// the CLI then neither loads ajv nor compiles the schemas at start-up (scenario-validators.ts). Part of `build`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generatedValidatorsCode } from "../dist/validators/standalone.js";

const target = fileURLToPath(new URL("../dist/validators/generated.js", import.meta.url));
writeFileSync(target, generatedValidatorsCode());
