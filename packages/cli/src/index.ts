export { main, buildProgram } from "./program.js";
export { ExitStatus, exitStatusFor, formatError } from "./exit-status.js";
export { ENGINE_FLAGS, tuneGcForRequestTraffic } from "./engine-tuning.js";
