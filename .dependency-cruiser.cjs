// The layers' boundaries (STYLE.md, "Lint and boundaries"; after Sairyss's domain-driven-hexagon
// .dependency-cruiser.js). `npm run lint` runs it; each rule says why.

// Framework, database and event-store packages the domain must not know.
// (A package may resolve to its typings under @types/.)
const FRAMEWORK_AND_STORAGE = [
  '@nestjs/[^/]+',
  'typeorm',
  'typeorm-pglite',
  'pg',
  'pg-[^/]+',
  '@eventstore/[^/]+',
  '@electric-sql/pglite',
  '@event-driven-io/[^/]+',
].map((name) => `(^|/)node_modules/(@types/)?${name}(/|$)`);

// Node's modules that reach outside the process (files, network, processes, the clock's host).
const NODE_IO = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'http2',
  'https',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'cluster',
  'worker_threads',
  'readline',
  'os',
  'stream',
  'zlib',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-framework',
      comment:
        'A domain is pure (decide, evolve, rules): no framework, database or event-store package. Time, ids and the ' +
        "actor arrive in the command; storage is the application's business.",
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: FRAMEWORK_AND_STORAGE },
    },
    {
      name: 'domain-does-no-io',
      comment: 'A domain does no I/O: no file, network or process module of Node.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { dependencyTypes: ['core'], path: `^(node:)?(${NODE_IO.join('|')})$` },
    },
    {
      name: 'domain-imports-no-other-library',
      comment:
        'A domain depends on no other library (the event store, identity...), test helpers of the platform excepted ' +
        '(given/when/then, test databases).',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/domain/' },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/platform/src/testing/'] },
    },
    {
      name: 'no-deep-relative-imports-across-libraries',
      comment:
        'One library reaches another through its public entry, @app/<library>, never by a relative path into it.',
      severity: 'error',
      from: { path: '^(libs|apps)/([^/]+)/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], path: '^libs/', pathNot: '^libs/$2/' },
    },
    {
      name: 'read-models-import-no-features',
      comment: 'Read models are fed from the event store and queried by features; they never depend on a feature.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/read-models/' },
      to: { path: '^libs/[^/]+/src/features/' },
    },
    {
      name: 'domain-imports-no-outer-layer',
      comment: 'The domain never depends on the layers built on it: application, features, read models.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: '^libs/[^/]+/src/(application|features|read-models)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The web app imports no library (it talks to the API through its generated client).
    exclude: { path: ['^dist/', '^coverage/', '^apps/web/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
