import { createRequire } from 'node:module';
import { join } from 'node:path';

let requireFromApp: NodeJS.Require | undefined;

/**
 * A package loaded when first needed rather than when the process starts: for packages only some requests use
 * (spreadsheets, PDFs), whose loading was a large share of the API's start-up. Resolved from the working
 * directory, as the application's own packages are; Node's module cache makes later calls cheap and returns the
 * same module.
 */
export function loadPackage<T>(name: string): T {
  requireFromApp ??= createRequire(join(process.cwd(), 'package.json'));
  return requireFromApp(name) as T;
}
