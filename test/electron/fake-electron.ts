/** The fake `electron` module: see `fake/index.ts`. */
export * from './fake/index';
