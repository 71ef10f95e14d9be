import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use string-literal unions, not enums.' }],
    },
  },
  {
    // Layering: domain/ is pure; app/ never reaches into server/.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/app/**', '**/server/**', '**/store/**', '**/jobs/**', 'pg', 'fastify'] }],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**'] }] },
  },
  {
    // The web app reaches the server only through the API and shares only src/contract.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/src/app/**', '**/src/server/**', '**/src/store/**', '**/src/domain/**', '**/src/jobs/**'] }] },
  },
  { ignores: ['node_modules', 'data', 'bench/results', 'web/dist'] },
);
