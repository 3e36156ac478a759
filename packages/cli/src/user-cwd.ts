/** The root package.json's name, whose `faultline` script runs this CLI from inside the repository. */
const REPOSITORY_PACKAGE = "faultline-monorepo";

/**
 * The folder the user typed the command in. `pnpm faultline …` (the root package.json's script) starts the CLI in
 * the repository root, whatever folder the user stood in, so `pnpm faultline validate ../scenarios/paper.yaml` from
 * `docs/` looked for the file beside the root. pnpm and npm keep the user's folder in INIT_CWD; only for that one
 * script is it taken: in anyone else's npm script, paths are written relative to their package, where npm starts
 * the script, and the binary run directly is already in the user's folder.
 */
export function userCwd(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const viaRepositoryScript = env.npm_lifecycle_event === "faultline" && env.npm_package_name === REPOSITORY_PACKAGE;
  return viaRepositoryScript && env.INIT_CWD ? env.INIT_CWD : cwd;
}
