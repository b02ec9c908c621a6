// Type-aware rules catch the bug classes that hurt a real-time system most:
// floating promises (lost errors, silent dead air) and non-exhaustive switches over states.
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Packages import each other by package name (`@grimnir/engine-client`), never by a relative
// path into another package's folder: such a path skips the package's manifest (its declared
// dependencies, its build order), and is how the server's tests came to run the engine's test
// support and the engine's tests the server's client. Resolving the path, rather than matching
// `../../x/src` patterns, also catches `../packages/server/...` from bench/ and any depth.
const root = import.meta.dirname;
const packageOf = (file) => {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === '..') return '<outside>';
  return rel[0] === 'packages' && rel.length > 2 ? `packages/${rel[1]}` : '<root>';
};
const noRelativePackages = {
  meta: {
    type: 'problem',
    messages: {
      crossing:
        "'{{spec}}' reaches into {{target}} by relative path; import it by its package name (@grimnir/...).",
    },
    schema: [],
  },
  create(context) {
    const own = packageOf(context.filename);
    const check = (node) => {
      const spec = node?.type === 'Literal' ? node.value : undefined;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = packageOf(path.resolve(path.dirname(context.filename), spec));
      if (target !== own) context.report({ node, messageId: 'crossing', data: { spec, target } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      '**/*.js',
      '!eslint.config.js',
      // Generated from the OpenAPI document at build time.
      'packages/web/src/api/schema.d.ts',
    ],
  },
  { plugins: { grimnir: { rules: { 'no-relative-packages': noRelativePackages } } } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      'grimnir/no-relative-packages': 'error',
    },
  },
  {
    // Deep imports (`@grimnir/server/...`, test-kit) are for tests, test support and benches;
    // shipped code uses only what a package exports as its entry.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**', 'packages/test-kit/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@grimnir/test-kit', '@grimnir/test-kit/*'],
              message: 'test-kit is test support: shipped code must not depend on it.',
            },
            {
              // contracts/outbound is a declared entry: the engine loads no other schema (issue 17).
              group: [
                '@grimnir/*/*',
                '!@grimnir/contracts/proto/*',
                '!@grimnir/contracts/outbound',
              ],
              message: "Import another package's entry (@grimnir/x), not its internals.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'bench/**', 'scripts/**', '**/test-support/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
