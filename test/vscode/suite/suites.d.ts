// The list of suite files, made at bundle time by the esbuild plugin in
// test/vscode/runner/build-suite.ts (esbuild cannot glob at run time, and a
// bundle has no test files on disk to find).
declare module 'bpnb:suites' {
  /** Each suite file by its path relative to its root; load() evaluates it (its describe/it calls). */
  export const suites: { file: string; load: () => unknown }[];
}
