// The modules mutation testing mutates, per package (stryker.config.mjs, scripts/mutation.mjs).
export const targets = {
  domain: ['packages/domain/src/**/*.ts', '!packages/domain/src/index.ts'],
  projections: ['packages/projections/src/core/**/*.ts'],
  strategy: ['packages/strategy/src/**/*.ts', '!packages/strategy/src/index.ts'],
  ptv: ['packages/ptv/src/core/**/*.ts'],
  'personal-data': ['packages/personal-data/src/core/**/*.ts'],
}
