import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-results/**', 'bench/.data/**', 'resources/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/shared/**', 'src/preload/**', 'src/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['better-sqlite3', 'openai', 'node:fs', 'fs'] }],
    },
  },
);
