// ESLint flat config: typescript-eslint's recommended rules on all TypeScript,
// with the runtime globals of each folder (Node, browser for the renderer).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Plain CommonJS build scripts.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/renderer/**', 'test/vscode/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Only the VS Code folders (src/notebook, src/editor, src/commands,
    // src/extension.ts, src/activate.ts, the web entry src/web/extension.browser.ts)
    // may import the VS Code API; the DOM is kept out of the
    // core by the compiler (src/tsconfig.core.json), not by this file.
    files: ['src/**'],
    ignores: ['src/notebook/**', 'src/editor/**', 'src/commands/**', 'src/extension.ts', 'src/activate.ts', 'src/web/extension.browser.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/notebook, src/editor, src/commands and src/extension.ts use the VS Code API.' }] }],
    },
  },
  {
    // The pure core (and the .bpnb file code and the CLI built on it) imports
    // none of the runtimes' folders either.
    files: ['src/engine/**', 'src/lang/**', 'src/diagram/**', 'src/notebookFile/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only src/notebook, src/editor, src/commands and src/extension.ts use the VS Code API.' }],
        patterns: ['**/notebook/**', '**/renderer/**', '**/editor/**', '**/commands/**'],
      }],
    },
  },
);
