import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Folders import downward only (DESIGN.md "Layout"): core and commands never see a chat SDK,
// HTTP, or a concrete store.
const chatAndTransport = [
  '@microsoft/*',
  '@slack/*',
  'express',
  'redis',
  'better-sqlite3',
  'prom-client',
  'pino',
];
const restrict = (patterns, folders, up = ['..', '../..']) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: patterns, message: 'core and commands use ports, not SDKs (DESIGN.md Layout).' },
        ...folders.map((f) => ({
          group: [`**/${f}/**`, ...up.map((u) => `${u}/${f}`)],
          message: `core and commands may not import ${f}/ (imports go downward only).`,
        })),
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 260, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/core/*.ts'],
    rules: restrict(chatAndTransport, ['bots', 'commands', 'store', 'integrations', 'server']),
  },
  {
    // One folder deeper: `../store` is core's own Store port here, `../../store` the backends.
    files: ['src/core/*/**/*.ts'],
    rules: restrict(
      chatAndTransport,
      ['bots', 'commands', 'store', 'integrations', 'server'],
      ['../..', '../../..'],
    ),
  },
  {
    files: ['src/commands/**/*.ts'],
    rules: restrict(chatAndTransport, ['bots', 'store', 'integrations', 'server']),
  },
);
