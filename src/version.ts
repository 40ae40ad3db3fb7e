import { createRequire } from 'node:module';

/** leadbot's version, from package.json (resolved from src/ and dist/ alike). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
