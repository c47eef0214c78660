// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Import rules that keep the layers of docs/architecture.md apart. */
const electronAndUi = [
  { name: 'electron', message: 'app/ is plain Node: Electron belongs in main/.' },
  { name: 'react', message: 'app/ has no UI: React belongs in renderer/.' },
  { name: 'react-dom', message: 'app/ has no UI: React belongs in renderer/.' },
];
const outerLayers = {
  regex: '(^|/)(main|renderer|test)(/|$)',
  message: 'app/ depends on nothing of ours above it (main/, renderer/, test/).',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      // Declarations of plain-JS scripts for the TypeScript that imports them.
      'scripts/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'scripts/*.mjs', '.ci/*.mjs', 'bin/*.mjs'],
          // The build, start and test scripts and the command's entry (small files).
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['app/**/*.ts'],
    ignores: ['app/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: electronAndUi, patterns: [outerLayers] }],
    },
  },
  {
    files: ['app/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndUi,
          patterns: [
            outerLayers,
            {
              regex: '^node:',
              message: 'app/contract is shared with the renderer: no Node imports.',
            },
            { regex: '^\\.\\./', message: 'app/contract imports nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to window.tokendock.' }],
          patterns: [
            { regex: '^node:', message: 'The renderer has no Node.' },
            { regex: '(^|/)main(/|$)', message: 'The renderer talks only to window.tokendock.' },
            {
              regex: '(^|/)app/(?!contract(/|$))',
              message: 'The renderer may import app/contract only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The `tokendock` command stays small and fast: contract types and the socket path rules only.
    files: ['cli/**/*.ts', 'bin/**/*.mjs'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...electronAndUi,
            { name: 'zod', message: 'The command does not load zod: the host validates.' },
            { name: 'openid-client', message: 'The command never talks to a provider.' },
          ],
          patterns: [
            outerLayers,
            {
              regex: '(^|/)app/(?!contract/|endpoint/socket-path$)',
              message: 'The command imports app/contract types and app/endpoint/socket-path only.',
            },
            {
              regex: '(^|/)app/contract/(endpoint|schemas)$',
              allowTypeImports: true,
              message: 'These import zod: the command may import their types only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The headless host is a host like main/: it adapts app/ to plain Node, nothing above it.
    files: ['serve/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndUi,
          patterns: [
            {
              regex: '(^|/)(main|renderer|test|cli)(/|$)',
              message: 'serve/ uses app/ only: no Electron host, renderer code, tests or command.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'react', message: 'main/ has no UI.' }],
          patterns: [{ regex: '(^|/)renderer(/|$)', message: 'main/ never imports the renderer.' }],
        },
      ],
    },
  },
);
