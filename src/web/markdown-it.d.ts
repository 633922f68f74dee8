// The part of markdown-it (bundled into dist/page.js) that page.ts uses; the package ships no types.
declare module 'markdown-it' {
  export default class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean; typographer?: boolean });
    render(source: string): string;
  }
}
