// ESLint 9 flat config: @eslint/js recommended everywhere, environments by folder, and the
// size limits of the issue (no function over 150 lines, no hand-written file over 500 lines)
// on the shipped JS: bindings/, web/, bin/, image/. Formatting is Prettier's job (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      'dist/**',
      'build/**',
      'node_modules/**',
      'test-artifacts/**',
      'bench/results/**',
      'web/gen/**', // built by scripts/build-web.mjs (the MNIST digits, the bundled training worker)
      '**/*.ts', // TypeScript declarations and the type-check fixture: tsc checks them
      '**/*.cts',
    ],
  },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // Node: the JS API's Node entries, CLI, scripts, tests and benchmarks; browser globals too
    // because the API is isomorphic and tests and benchmarks pass functions to page.evaluate().
    ignores: ['web/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // The demo, the JS API and the package's browser fixtures also run in workers.
    files: ['web/**', 'bindings/**', 'image/**', 'tests/package-fixtures/browser/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // Hand-written shipped JS: every line counts (blank and comment lines too); IIFEs count
    // as functions.
    files: ['bindings/**/*.{js,mjs,cjs}', 'web/**/*.{js,mjs,cjs}', 'bin/**/*.{js,mjs,cjs}', 'image/**/*.{js,mjs,cjs}'],
    rules: {
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: false, skipComments: false, IIFEs: true }],
      'max-lines': ['error', { max: 500, skipBlankLines: false, skipComments: false }],
    },
  },
];
