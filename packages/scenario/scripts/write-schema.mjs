// Writes the built SCENARIO_SCHEMA to scenarios/scenario.schema.json, the copy
// editors read through `# yaml-language-server: $schema=./scenario.schema.json`.
// Run after a build: pnpm -F @faultline/scenario schema
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SCENARIO_SCHEMA } from "../dist/index.js";

const target = fileURLToPath(new URL("../../../scenarios/scenario.schema.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`);
console.log(`wrote ${target}`);
