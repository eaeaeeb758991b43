// Writes the Workspace's api types (web/src/generated/api.d.ts) from the OpenAPI document, built without servers.
// Run by `npm run generate`, which build, typecheck and test run first.
import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { describeApi } from '../src/api/app';

const OUT = path.resolve(__dirname, '../web/src/generated/api.d.ts');

async function main(): Promise<void> {
  const ast = await openapiTS(describeApi() as OpenAPI3);
  const text = `// Generated from the api's OpenAPI document by scripts/generate-api-types.ts (npm run generate). Do not edit.\n\n${astToString(ast)}`;
  // Unchanged types keep their mtime, so the browser tests do not rebuild web/ for nothing.
  if (fs.existsSync(OUT) && fs.readFileSync(OUT, 'utf8') === text) return;
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
}

main().catch((err: unknown) => {
  process.stderr.write(`generate-api-types: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
