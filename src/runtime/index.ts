export * from './children';
export * from './embedded-postgres';
export * from './ensure-search-attributes';
export * from './free-port';
export * from './log';
export * from './temporal-cli';
export * from './temporal-dev-server';
