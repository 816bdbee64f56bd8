// Generates TypeScript types from the OpenAPI document a running Latchkey serves (openapi-typescript)
// and compiles client/latchkey-flow.ts against them with tsc (tsconfig.json, strict); a type error fails.
// Usage: node src/contract/build-client.mjs <http://127.0.0.1:port/v1/openapi.json>
// Output: src/contract/build/ (latchkey-api.d.ts, latchkey-flow.js).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const build = join(here, 'build');
const url = process.argv[2];
if (!url || !url.startsWith('http://127.0.0.1:')) {
  console.error('usage: node build-client.mjs http://127.0.0.1:<port>/v1/openapi.json');
  process.exit(2);
}

const served = await fetch(url);
if (!served.ok) {
  console.error(`GET ${url}: HTTP ${served.status}`);
  process.exit(1);
}
const document = await served.json();

rmSync(build, { recursive: true, force: true });
mkdirSync(build, { recursive: true });
writeFileSync(join(build, 'latchkey-api.d.ts'), astToString(await openapiTS(document)));
copyFileSync(join(here, 'client', 'latchkey-flow.ts'), join(build, 'latchkey-flow.ts'));

// tsc itself, with tsconfig.json beside this script (strict).
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { encoding: 'utf8' });
if (compiled.status !== 0) {
  console.log(`tsc failed (${compiled.status}):\n${compiled.stdout}${compiled.stderr}`);
  process.exit(1);
}
console.log(JSON.stringify({ compiled: join(build, 'latchkey-flow.js') }));
