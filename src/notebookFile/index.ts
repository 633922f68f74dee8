// The .bpnb file format and cell outputs; pure, shared by the CLI and the VS Code serializer.
export * from './bpnbFile';
export * from './outputs';
export { parseJson, stringifySorted, JsonSyntaxError, type Position } from './json';
export * from './markdown';
