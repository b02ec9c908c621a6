// Import rules for packages/*/src, checked by `npm test` (scripts/test.sh) with dependency-cruiser:
//   npx depcruise --config .dependency-cruiser.js packages/*/src
// Type-only imports count like value imports (`tsPreCompilationDeps: true`): a type import is
// still a design dependency, and a ring of type imports is a ring of rooms that cannot be
// understood, tested or moved one at a time.
// Test code (*.test.ts, test-support/) is left out: nothing but tests imports it, so it cannot
// close a cycle in the product, but a test beside its code imports the app through
// test-support and would tie every folder in a ring with the app.

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A file must not import itself back through other files.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment:
        'Folders (feature modules, and the sub-rooms of a room such as programming/core, ' +
        'programming/planner) depend on each other one way only.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'features-through-their-face',
      comment:
        'Each feature in packages/server/src/modules/<feature>/ has one face, its index.ts: ' +
        'other features import it only through that file (its own files import each other).',
      severity: 'error',
      from: { path: '^packages/server/src/modules/([^/]+)/' },
      to: {
        path: '^packages/server/src/modules/[^/]+/',
        pathNot: [
          '^packages/server/src/modules/$1/',
          '^packages/server/src/modules/[^/]+/index[.]ts$',
        ],
      },
    },
    {
      name: 'root-through-the-faces',
      comment:
        'The composition root and the other server folders import a feature only through ' +
        'its index.ts.',
      severity: 'error',
      from: { path: '^packages/server/src/', pathNot: '^packages/server/src/modules/' },
      to: {
        path: '^packages/server/src/modules/[^/]+/',
        pathNot: '^packages/server/src/modules/[^/]+/index[.]ts$',
      },
    },
    {
      name: 'programming-core-is-pure',
      comment:
        'programming/core is functions of (data, now, rng): it imports only itself and ' +
        'node:crypto (hashing seeds), never the database, infra, IO or the other sub-rooms. ' +
        '(npm packages are not followed, so rrule, luxon and contracts stay allowed.)',
      severity: 'error',
      from: { path: '^packages/server/src/modules/programming/core/' },
      to: { pathNot: '^packages/server/src/modules/programming/core/|^crypto$' },
    },
    {
      name: 'resolvable',
      comment:
        'Every relative import resolves (a `.js` specifier to its `.ts` file); an unresolved ' +
        'import would also hide the cycles through it.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|test-support)/|[.]test[.]ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.json'],
      // ESM-only packages (music-metadata) resolve through their `exports` conditions.
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
    },
  },
};
