import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const hotPaths = [
  'packages/analytics/src/stats.ts',
  'packages/analytics/src/heatmap.ts',
  // The fitted liquidation model: typed-array loops over bars and design matrices.
  'packages/analytics/src/position-book/*.ts',
  'packages/core/src/**/kernel.ts',
  'packages/core/src/**/*-kernel.ts',
  'packages/core/src/**/tier-table-set.ts',
  // Cascade hot paths: typed-array loops over books, positions and the columnar event log.
  'packages/core/src/cascade/{engine,order-book,position-book,events,replay,monte-carlo,adl-queue}.ts',
];

/**
 * A pure layer: no I/O, no clock, no randomness, and only the imports `importRegex` allows
 * (dependency direction enforced by the linter as well as by TS project references).
 */
function pureLayer(name, allowedImports, forbiddenImportRegex) {
  return {
    files: [`packages/${name}/src/**/*.ts`],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: forbiddenImportRegex, message: `${name} is pure: ${allowedImports}.` },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: `${name} has no I/O: inject configuration.` },
        { name: 'console', message: `${name} has no I/O: return events or results.` },
        { name: 'setTimeout', message: `${name} has no clock: inject a scheduler.` },
        { name: 'fetch', message: `${name} has no I/O.` },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: `${name} is deterministic: inject a seeded RNG.`,
        },
        { object: 'Date', property: 'now', message: `${name} has no clock: inject time.` },
        { object: 'performance', property: 'now', message: `${name} has no clock: inject time.` },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: 'TSEnumDeclaration', message: 'No enums: use `as const` objects and unions.' },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: `${name} has no clock.`,
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./packages/*/tsconfig.json', './tsconfig.tests.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: 'TSEnumDeclaration', message: 'No enums: use `as const` objects and unions.' },
      ],
      'max-depth': ['error', 4],
      'max-lines-per-function': ['warn', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  pureLayer('core', 'relative imports only (no node:*, no packages)', '^[^.]'),
  pureLayer('analytics', 'relative imports and @cascade/core only', '^(?!\\.|@cascade/core$)'),
  { files: hotPaths, rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  {
    files: ['**/*.test.ts', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'max-lines-per-function': 'off',
      'no-restricted-syntax': 'off',
    },
  },
  {
    // Browser code: DOM globals instead of Node's.
    files: ['packages/dashboard/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  { files: ['packages/dashboard/vite.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['*.config.js', '*.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
);
