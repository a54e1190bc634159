// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '.tools/**', 'coverage/**', 'bench/out/**', 'tests/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through shared/src/config/environment.ts only.' },
      ],
    },
  },
  // Legacy text repair matches control bytes on purpose.
  { files: ['services/src/legacyImport/**'], rules: { 'no-control-regex': 'off' } },
  {
    files: [
      'shared/src/config/environment.ts',
      'tests/**',
      '**/*.test.ts',
      'bench/**',
      'jest.config.js',
      'shared/src/database/ferretdbServer.ts',
      'shared/src/database/ferretdbBinary.ts',
      'cli/src/network/processSupervisor.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
