// Lints an OpenAPI document with Redocly's CLI (the rules of redocly.yaml beside this file).
// Usage: node src/contract/lint.mjs <document>; exits with the linter's status.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const document = process.argv[2];
if (!document) {
  console.error('usage: node lint.mjs <document>');
  process.exit(2);
}
const result = spawnSync(process.execPath,
  [cli, 'lint', '--config', join(here, 'redocly.yaml'), '--format', 'stylish', document],
  // No telemetry, no update check: the test run talks to nothing but loopback.
  { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
// Redocly reports on stderr; one stream keeps the report together for the caller.
process.stdout.write((result.stdout ?? '') + (result.stderr ?? ''));
process.exit(result.status ?? 1);
