// esbuild plugin for the renderer bundle (esbuild.js and the renderer harness).
/**
 * The renderer draws flowcharts only. Mermaid 11 loads each diagram type, the
 * extra layouts and KaTeX (math in labels, which ours never have: `$` is
 * escaped) with a dynamic import(); in one bundle every such import is
 * inlined. This plugin puts a module that throws in place of every one a
 * flowchart does not need, so the renderer ships and parses about a third of
 * Mermaid (docs/renderer.md, "Live graphs": the sizes).
 */
const flowchartOnly = {
  name: 'mermaid-flowchart-only',
  setup(build) {
    const keep = /^\.\/(chunks\/mermaid\.core\/)?(flowDiagram|dagre|sizeCapture)-[A-Z0-9]+\.mjs$/;
    const dropped = /^\.\/(chunks\/mermaid\.core\/)?[\w-]+-[A-Z0-9]+\.mjs$/;
    build.onResolve({ filter: /^(\.\/.*\.mjs|katex)$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]mermaid[\\/]dist[\\/]/.test(args.importer)) return undefined;
      if (args.path === 'katex' || (dropped.test(args.path) && !keep.test(args.path))) {
        return { path: args.path, namespace: 'mermaid-dropped' };
      }
      return undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'mermaid-dropped' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`bpnb's renderer bundles Mermaid flowcharts only (${args.path} left out)`)});`,
      loader: 'js',
    }));
  },
};

module.exports = { flowchartOnly };
