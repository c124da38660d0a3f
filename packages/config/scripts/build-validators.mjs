// Build step after tsc: compiles the configuration schemas to standalone validator modules
// (ajv's standalone code generation, as fastify does for its own config schema), so that a
// daemon starts without compiling schemas. dist/schema/validate.js loads them when present
// and compiles the schema itself otherwise (tests run from src).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { AJV_OPTIONS, generatedFileName } = await import(join(dist, 'schema', 'validate.js'));
const schemas = [
  (await import(join(dist, 'schema', 'dhcp6.js'))).dhcp6Schema,
  (await import(join(dist, 'schema', 'd2.js'))).d2Schema,
  (await import(join(dist, 'schema', 'ctrl-agent.js'))).ctrlAgentSchema,
];
const out = join(dist, 'schema', 'generated');
mkdirSync(out, { recursive: true });
for (const schema of schemas) {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const validate = ajv.compile(schema);
  const file = join(out, generatedFileName(schema));
  writeFileSync(file, `'use strict';\n${standaloneCode.default(ajv, validate)}\n`);
  console.log(`wrote ${file}`);
}
