import type { Plugin } from 'esbuild';
/** Leaves every Mermaid diagram type but the flowchart out of a bundle (see mermaidFlowchartOnly.cjs). */
export declare const flowchartOnly: Plugin;
