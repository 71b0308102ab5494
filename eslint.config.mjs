// Lint rules for the whole project. The architecture's one-way arrows are enforced here:
// core, protocol and webview code must not reach for the VS Code API.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';

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
  // A rule turned off for a line says why, after `--`.
  comments.recommended,
  { rules: { '@eslint-community/eslint-comments/require-description': ['error', { ignore: ['eslint-enable', 'global', 'globals'] }] } },
  {
    // Source code proves a value is there by a check or a type; where it cannot, the line says why
    // in its disable comment. Tests assert first and may then use `!`.
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
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
    // The protocol is messages, views and guards: of core it imports types only (the one value is
    // the relative-link rule, which the guard applies as the host does), and nothing of host,
    // webview, cli or extension.ts.
    files: ['src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/host/*', '**/webview/*', '**/cli/*', '**/extension'], message: 'protocol imports nothing of host, webview or cli (src/README.md).' },
            { regex: '^\\.\\./core/(?!markdown/relativeLinks$)', allowTypeImports: true, message: 'protocol imports only types from core: `import type` (src/README.md).' },
          ],
        },
      ],
    },
  },
  // core imports nothing of ours outside core, and inside it each folder only the folders below
  // it (src/README.md draws them): the later entries add each folder's own rule to this one.
  ...coreFolderRules(),
  // host's folders: the stores and the repository below, the pages above them, the commands on
  // top; a page does not reach into another page (src/README.md).
  ...hostFolderRules(),
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

/**
 * The folders of src/core and the other folders of core each may import, lowest first; a folder
 * may always import its own files. A new folder gets its line here.
 */
function coreFolderRules() {
  const mayImport = {
    util: [],
    module: ['util'],
    markdown: ['util'],
    checks: ['util', 'module', 'markdown'],
    banks: ['util', 'module', 'markdown', 'checks'],
    session: ['util', 'module'],
    schedule: ['util', 'module', 'session'],
    scores: ['util', 'module', 'session', 'schedule'],
    xapi: ['util', 'module', 'session', 'schedule', 'scores'],
  };
  const outside = { group: ['**/protocol/*', '**/host/*', '**/webview/*', '**/cli/*', '**/extension'], message: 'core imports nothing of ours outside core.' };
  const rule = (patterns) => ({
    'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'core stays free of the VS Code API.' }], patterns }],
  });
  const folders = Object.keys(mayImport);
  return [
    { files: ['src/core/**/*.ts'], rules: rule([outside]) },
    ...folders.map((folder) => {
      const banned = folders.filter((other) => other !== folder && !mayImport[folder].includes(other));
      const patterns = [outside];
      if (banned.length > 0) {
        patterns.push({
          group: banned.map((other) => `**/${other}/*`),
          message: mayImport[folder].length > 0 ? `core/${folder} may import only core/${mayImport[folder].join(', core/')} and its own files (src/README.md).` : `core/${folder} imports no other folder of core (src/README.md).`,
        });
      }
      return { files: [`src/core/${folder}/**/*.ts`], rules: rule(patterns) };
    }),
  ];
}


/**
 * The folders of src/host and the other folders of host each may import, lowest first; a folder
 * may always import its own files, core, protocol and vscode. `commands`, `start` (what is made
 * right after activation) and `later` (what is made on first use) are the top and may import
 * every folder. A new folder gets its line here.
 */
function hostFolderRules() {
  const mayImport = {
    stores: [],
    markdown: [],
    repository: ['markdown'],
    session: ['repository', 'stores'],
    webview: ['markdown', 'repository'],
    banks: ['markdown', 'repository'],
    preview: ['markdown', 'repository', 'webview'],
    modulePage: ['markdown', 'repository', 'stores', 'session', 'webview'],
    review: ['markdown', 'repository', 'stores', 'session', 'webview'],
    // The dashboard opens a module on its page, through the module page's manager.
    scores: ['markdown', 'repository', 'stores', 'session', 'webview', 'modulePage'],
    sidebar: ['repository', 'stores', 'session', 'review'],
    lrs: ['repository', 'stores', 'session', 'scores'],
  };
  // util/ (the Disposable base) sits under every folder: any folder may import it, and it imports
  // no other folder of host.
  mayImport.util = [];
  const folders = [...Object.keys(mayImport), 'commands', 'start', 'later'];
  return Object.entries(mayImport).map(([folder, ownAllowed]) => {
    const allowed = folder === 'util' ? ownAllowed : [...ownAllowed, 'util'];
    const banned = folders.filter((other) => other !== folder && !allowed.includes(other));
    // A file of host/<folder>/ names a sibling folder as `../<other>/…`; core and protocol are
    // `../../…`, so the same folder names in core are not caught.
    const pattern = {
      regex: `^\\.\\./(${banned.join('|')})/`,
      message: allowed.length > 0 ? `host/${folder} may import only host/${allowed.join(', host/')} and its own files (src/README.md).` : `host/${folder} imports no other folder of host (src/README.md).`,
    };
    return { files: [`src/host/${folder}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns: [pattern] }] } };
  });
}
