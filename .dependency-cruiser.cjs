/**
 * The gateway's layers, top to bottom. A module may import its own layer and the layers below it, never one
 * above; runtime imports only (type-only imports vanish when compiled and tie nothing together).
 */
const LAYERS = [
  { name: 'composition', path: '^src/(main|gateway|embedded-simulator)\\.ts$' },
  { name: 'http edge', path: '^src/http/' },
  { name: 'schema', path: '^src/schema/' },
  { name: 'resolvers', path: '^src/resolvers/' },
  { name: 'workflows', path: '^src/workflows/' },
  { name: 'domain core', path: '^src/domain/' },
  { name: 'events', path: '^src/events/' },
  { name: 'store and Mux edge', path: '^src/(db|mux)/' },
  {
    name: 'kernel',
    path: '^src/((config|logger|errors|version|background|services|loopback)\\.ts$|auth/|transcripts/|observability/)',
  },
];

const upward = LAYERS.flatMap((layer, index) =>
  LAYERS.slice(0, index).map((above) => ({
    name: `no-${layer.name.replaceAll(' ', '-')}-to-${above.name.replaceAll(' ', '-')}`,
    comment: `${layer.name} sits below ${above.name}: imports point down only`,
    severity: 'error',
    from: { path: layer.path },
    to: { path: above.path },
  })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'Runtime import cycles tie modules together; only Pothos type files may refer to each other.',
      severity: 'error',
      from: { pathNot: '^src/schema/' },
      to: { circular: true },
    },
    {
      name: 'sim-stands-alone',
      comment: 'The simulator is Mux, not part of the gateway: it imports nothing of it.',
      severity: 'error',
      from: { path: '^src/sim/' },
      to: { path: '^src/', pathNot: '^src/sim/' },
    },
    {
      name: 'studio-stands-alone',
      comment: 'The caption studio is a client of the API like any other: it imports nothing of the gateway.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench|scripts)/' },
    },
    {
      name: 'gateway-never-imports-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'every-module-has-a-layer',
      comment: 'A new folder or root module gets its place in LAYERS, so the rules above cover it.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...LAYERS.map((layer) => layer.path), '^src/sim/'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    // Declarations vanish when compiled; web/dist is the studio's bundle, built from web/src.
    exclude: { path: ['\\.d\\.ts$', '^web/dist/'] },
  },
};
