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
    // The pure core must stay free of the VS Code API and the DOM.
    files: ['src/engine/**', 'src/lang/**', 'src/diagram/**', 'src/notebookFile/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['**/notebook/**', '**/renderer/**', '**/editor/**', '**/commands/**'] }],
    },
  },
);
