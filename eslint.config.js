// Lint rules, including the layering that keeps pure code pure (see docs/decisions/0001-architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureGroups = [
  '**/db/*',
  'kysely',
  'pg',
  '@electric-sql/*',
  'node:fs*',
  'fastify',
  'node:child_process',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cetmap/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Pure computation takes rows as arguments and never touches I/O.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: pureGroups, allowTypeImports: true, message: 'Pure module: take rows as arguments.' },
          ],
        },
      ],
    },
  },
  {
    // The web app reaches data only over HTTP; it may share zod schemas and types.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/db/**', '**/src/api/**', '**/src/cli/**', '**/src/ingest/**'],
              allowTypeImports: true,
              message: 'web sees src/shared only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
