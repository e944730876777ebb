/**
 * The direction of dependencies in src/ (npm run lint:deps, run by CI):
 *
 *   resolvers → services → (validation, datasources) → domain, lib
 *
 * Type-only imports count: a type is a dependency too. src/generated (codegen) and src/emulators
 * (stand-ins for the upstreams, run as their own servers) are outside the layers; the emulators
 * only share src/lib with the gateway.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules must not depend on themselves through others. Cycles through src/generated are allowed: codegen\'s ' +
        'resolver types name the context and the domain records (mappers), and domain/records.ts uses its enum types.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { pathNot: '^src/generated/' } },
    },
    {
      name: 'resolvers-not-datasources',
      severity: 'error',
      comment: 'Resolvers pass their arguments to a service (or, for a plain read, to a datasource on the context); they do not import datasources.',
      from: { path: '^src/resolvers/' },
      to: { path: '^src/datasources/' },
    },
    {
      name: 'services-not-resolvers',
      severity: 'error',
      comment: 'Services answer Outcomes; presenting them (payloads, GraphQL errors) is the resolvers\' job.',
      from: { path: '^src/services/' },
      to: { path: '^src/resolvers/' },
    },
    {
      name: 'validation-below-services',
      severity: 'error',
      comment: 'Validation checks inputs and builds domain requests; it neither calls upstreams nor knows their shapes.',
      from: { path: '^src/validation/' },
      to: { path: '^src/(datasources|services|resolvers)/' },
    },
    {
      name: 'datasources-below-services',
      severity: 'error',
      comment: 'Datasources take domain requests and return domain records and typed errors; request shapes live in src/domain.',
      from: { path: '^src/datasources/' },
      to: { path: '^src/(validation|services|resolvers)/' },
    },
    {
      name: 'domain-imports-only-lib',
      severity: 'error',
      comment: "The domain is the bottom layer: it may use src/lib, and codegen's types for the schema's enums.",
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/(domain|lib|generated)/' },
    },
    {
      name: 'lib-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/lib is shared with the emulators, so it depends on nothing else in src.',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'emulators-stand-alone',
      severity: 'error',
      comment: 'The emulators stand in for the upstreams: they share src/lib with the gateway and nothing else.',
      from: { path: '^src/emulators/' },
      to: { path: '^src/', pathNot: '^src/(emulators|lib)/' },
    },
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
