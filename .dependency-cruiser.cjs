/** Module boundaries (docs/ARCHITECTURE.md): checked in CI by `npm run lint`. */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'No import circle, type-only imports included.', from: {}, to: { circular: true } },
    {
      name: 'kernel-and-db-import-no-module', severity: 'error',
      comment: 'kernel/ and db/ are below every module.',
      from: { path: '^src/(kernel|db)/' }, to: { path: '^src/(modules|workflows|http|cli|composition)/' },
    },
    {
      name: 'modules-meet-through-index', severity: 'error',
      comment: 'A module reaches another module only through its index.ts.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'modules-do-not-import-workflows-or-root', severity: 'error',
      comment: 'Cross-module flows depend on modules, never the reverse; the composition root is on top.',
      from: { path: '^src/modules/' }, to: { path: '^src/(workflows|composition|cli)/' },
    },
    {
      name: 'outsiders-meet-modules-through-index', severity: 'error',
      comment: 'Workflows, http and cli use a module through its index.ts; only the composition root may register routes.',
      from: { path: '^src/(workflows|http|cli)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'routes-only-in-composition-root', severity: 'error',
      comment: 'A module index exports services and types, never routes: only src/composition registers routes.',
      from: { path: '^src/', pathNot: '^src/composition/' }, to: { path: '\\.routes\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
