// Lint rules for the whole project. The architecture's one-way arrows are enforced here:
// core, protocol and webview code must not reach for the VS Code API.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'src/webview/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'core, protocol and webview code stay free of the VS Code API.' }],
          patterns: [{ group: ['**/host/*', '**/extension'], message: 'Only host code and extension.ts may use host adapters.' }],
        },
      ],
    },
  },
  {
    // The root program has the DOM types (the webview's unit tests need them); host and core
    // code still must not touch a page.
    files: ['src/core/**/*.ts', 'src/host/**/*.ts', 'src/protocol/**/*.ts', 'src/extension.ts'],
    rules: {
      'no-restricted-globals': ['error', 'document', 'window', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'core stays free of the VS Code API.' }],
          patterns: [{ group: ['**/protocol/*', '**/host/*', '**/webview/*', '**/extension'], message: 'core imports nothing of ours.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        document: 'readonly',
        window: 'readonly',
      },
    },
  },
);
