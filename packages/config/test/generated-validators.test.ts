import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ctrlAgentSchema } from '../src/schema/ctrl-agent.js';
import { d2Schema } from '../src/schema/d2.js';
import { dhcp6Schema } from '../src/schema/dhcp6.js';
import { AJV_OPTIONS, generatedFileName } from '../src/schema/validate.js';

// The build writes standalone validators into dist; they must judge exactly as the schemas do.
const generatedDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'schema', 'generated');
const built = existsSync(generatedDir);
if (!built)
  console.warn(
    'dist/schema/generated is absent (package not built): the standalone validators are not checked',
  );
const require = createRequire(import.meta.url);

const samples: [object, unknown][] = [
  [dhcp6Schema, { 'valid-lifetime': 4000, subnet6: [{ subnet: '2001:db8::/64', pools: [{ pool: 'x' }] }] }],
  [dhcp6Schema, { 'valid-lifetime': '4000', subnet6: [{ subnet: 1, bogus: true, pools: [{}] }], relay: {} }],
  [
    dhcp6Schema,
    { 'lease-database': { type: 'cassandra' }, 'mac-sources': [], 'dhcp-queue-control': { capacity: -1 } },
  ],
  [
    d2Schema,
    {
      port: 0,
      'tsig-keys': [{ name: 'k' }],
      'forward-ddns': { 'ddns-domains': [{ name: 'a', 'dns-servers': [] }] },
    },
  ],
  [
    ctrlAgentSchema,
    { 'http-port': 70000, authentication: { type: 'digest' }, 'control-sockets': { dhcp5: {} } },
  ],
];

describe.skipIf(!built)('standalone validators generated at build time', () => {
  it.each(samples.map(([schema, data], i) => [i, schema, data] as const))(
    'agree with the schema on sample %i',
    (_, schema, data) => {
      const generated = require(join(generatedDir, generatedFileName(schema as never))) as ValidateFunction;
      const compiled = new Ajv(AJV_OPTIONS).compile(schema);
      const pick = (v: ValidateFunction) =>
        (v.errors ?? []).map((e) => [
          e.instancePath,
          e.keyword,
          e.params,
          e.message,
          (e.parentSchema as { maximum?: number })?.maximum,
        ]);
      expect(generated(data)).toBe(compiled(data));
      expect(pick(generated)).toEqual(pick(compiled));
    },
  );
});
