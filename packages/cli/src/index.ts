export { main, buildProgram } from "./program.js";
export { ExitStatus, exitStatusFor, formatError } from "./exit-status.js";
