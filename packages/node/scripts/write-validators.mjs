// Writes the admin API's fault validators as code (ajv's standaloneCode) to dist/faults/validators/generated.js,
// after tsc: a node process then neither loads ajv nor compiles the schemas at start-up (fault-validators.ts).
// Part of `build`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generatedFaultValidatorsCode } from "../dist/faults/validators/standalone.js";

const target = fileURLToPath(new URL("../dist/faults/validators/generated.js", import.meta.url));
writeFileSync(target, generatedFaultValidatorsCode());
