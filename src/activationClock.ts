// Imported first by src/extension.ts, so esbuild places this module's body
// ahead of every other module of dist/extension.js: the time the bundle's
// top-level evaluation began. activate() measures its duration from here.
export const bundleStart = performance.now();
