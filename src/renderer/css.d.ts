// esbuild loads .css files as text (loader '.css': 'text' in esbuild.js).
declare module '*.css' {
  const text: string;
  export default text;
}
