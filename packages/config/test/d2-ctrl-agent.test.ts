import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type JsonValue,
  loadCtrlAgentConfigFile,
  loadD2ConfigFile,
  parseCtrlAgentConfig,
  parseD2Config,
  readKeaJsonFile,
} from '../src/index.js';
import { lineOf, refusal, tempDir } from './helpers.js';
import { keaAvailable, keaCheck, runnableD2, startKeaD2 } from './kea-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = (folder: string): string[] =>
  readdirSync(join(here, 'fixtures', folder))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(here, 'fixtures', folder, f));
const files = tempDir('d2-ca-');
afterAll(() => files.cleanup());

interface Bad {
  name: string;
  text: string;
  path: string;
  marker: string;
  message: RegExp;
}

const KEY = '{ "name": "k1", "algorithm": "HMAC-MD5", "secret": "LSWXnfkKZjdPJI5QxlpnfQ==" }';
const d2 = (body: string): string => `{
  "DhcpDdns": {
${body}
  }
}
`;
const domain = (extra: string, server = '{ "ip-address": "192.0.2.53" }') => `    "forward-ddns": {
      "ddns-domains": [
        { "name": "example.com.",
${extra}
          "dns-servers": [ ${server} ] }
      ]
    }`;

const BAD_D2: Bad[] = [
  {
    name: 'a listening address of 0.0.0.0',
    text: d2('    "ip-address": "0.0.0.0"'),
    path: 'DhcpDdns.ip-address',
    marker: '0.0.0.0',
    message: /IP address cannot be "0.0.0.0"/,
  },
  {
    name: 'NCRs over TCP',
    text: d2('    "ncr-protocol": "TCP"'),
    path: 'DhcpDdns.ncr-protocol',
    marker: 'TCP',
    message: /TCP is not yet supported/,
  },
  {
    name: 'a zero dns-server-timeout',
    text: d2('    "dns-server-timeout": 0'),
    path: 'DhcpDdns.dns-server-timeout',
    marker: 'dns-server-timeout',
    message: /out of range, expected 1\.\.4294967295/,
  },
  {
    name: 'an unknown TSIG algorithm',
    text: d2(
      '    "tsig-keys": [\n      { "name": "k", "secret": "LSWXnfkKZjdPJI5QxlpnfQ==",\n        "algorithm": "HMAC-FOO" } ]',
    ),
    path: 'DhcpDdns.tsig-keys[0].algorithm',
    marker: 'HMAC-FOO',
    message: /Unknown TSIG Key algorithm: HMAC-FOO/,
  },
  {
    name: 'a TSIG secret that is not base64',
    text: d2(
      '    "tsig-keys": [\n      { "name": "k", "algorithm": "HMAC-MD5",\n        "secret": "!!!" } ]',
    ),
    path: 'DhcpDdns.tsig-keys[0].secret',
    marker: '"!!!"',
    message: /not valid base64/,
  },
  {
    name: 'digest-bits that are not a multiple of eight',
    text: d2(
      '    "tsig-keys": [\n      { "name": "k", "algorithm": "HMAC-MD5", "secret": "LSWXnfkKZjdPJI5QxlpnfQ==",\n        "digest-bits": 81 } ]',
    ),
    path: 'DhcpDdns.tsig-keys[0].digest-bits',
    marker: '"digest-bits"',
    message: /multiple of eight/,
  },
  {
    name: 'digest-bits too small for the algorithm',
    text: d2(
      '    "tsig-keys": [\n      { "name": "k", "algorithm": "HMAC-SHA256", "secret": "LSWXnfkKZjdPJI5QxlpnfQ==",\n        "digest-bits": 80 } ]',
    ),
    path: 'DhcpDdns.tsig-keys[0].digest-bits',
    marker: '"digest-bits"',
    message: /digest-bits too small/,
  },
  {
    name: 'a domain naming an undefined key',
    text: d2(domain('          "key-name": "no-such-key",')),
    path: 'DhcpDdns.forward-ddns.ddns-domains[0].key-name',
    marker: 'no-such-key',
    message: /specifies an undefined key: no-such-key/,
  },
  {
    name: 'a domain without DNS servers',
    text: d2(
      '    "forward-ddns": {\n      "ddns-domains": [\n        { "name": "example.com.",\n          "dns-servers": [ ] }\n      ]\n    }',
    ),
    path: 'DhcpDdns.forward-ddns.ddns-domains[0].dns-servers',
    marker: '"dns-servers": [ ]',
    message: /'dns-servers' must not be an empty list/,
  },
  {
    name: 'a DNS server given by hostname',
    text: d2(domain('', '{ "hostname": "ns1.example.com." }')),
    path: 'DhcpDdns.forward-ddns.ddns-domains[0].dns-servers[0].hostname',
    marker: 'ns1.example.com.',
    message: /hostname is not yet supported/,
  },
  {
    name: 'a DNS server address that is not an address',
    text: d2(domain('', '{ "ip-address": "not-an-ip" }')),
    path: 'DhcpDdns.forward-ddns.ddns-domains[0].dns-servers[0].ip-address',
    marker: 'not-an-ip',
    message: /invalid IP address : not-an-ip/,
  },
  {
    name: 'a DNS server on port 0',
    text: d2(domain('', '{ "ip-address": "192.0.2.53", "port": 0 }')),
    path: 'DhcpDdns.forward-ddns.ddns-domains[0].dns-servers[0].port',
    marker: '"port": 0',
    message: /out of range/,
  },
  {
    name: 'a domain listed twice',
    text: d2(
      '    "forward-ddns": {\n      "ddns-domains": [\n        { "name": "example.com.", "dns-servers": [ { "ip-address": "192.0.2.53" } ] },\n        { "dns-servers": [ { "ip-address": "192.0.2.54" } ],\n          "name": "example.com." }\n      ]\n    }',
    ),
    path: 'DhcpDdns.forward-ddns.ddns-domains[1].name',
    marker: '"name": "example.com." }',
    message: /Duplicate domain specified:example.com./,
  },
  {
    name: 'an unknown parameter',
    text: d2(`    "tsig-keys": [ ${KEY} ],\n    "forward-dns": { }`),
    path: 'DhcpDdns.forward-dns',
    marker: 'forward-dns',
    message: /got unexpected keyword "forward-dns" in DhcpDdns map/,
  },
];

const ca = (body: string): string => `{
  "Control-agent": {
${body}
  }
}
`;

const BAD_CA: Bad[] = [
  {
    name: 'a partial TLS setup',
    text: ca('    "trust-anchor": "/etc/kea/ca.pem"'),
    path: 'Control-agent.trust-anchor',
    marker: 'trust-anchor',
    message: /cert-file parameter is missing or empty: all or none of TLS parameters must be set/,
  },
  {
    name: 'an authentication type other than basic',
    text: ca('    "authentication": {\n      "type": "digest" }'),
    path: 'Control-agent.authentication.type',
    marker: 'digest',
    message: /'digest' is not a supported value of 'type'/,
  },
  {
    name: 'a user name with a colon',
    text: ca(
      '    "authentication": { "type": "basic",\n      "clients": [ { "user": "a:b", "password": "x" } ] }',
    ),
    path: 'Control-agent.authentication.clients[0].user',
    marker: '"a:b"',
    message: /user must not contain a ':': 'a:b'/,
  },
  {
    name: 'a client without a user',
    text: ca('    "authentication": { "type": "basic",\n      "clients": [ { "password": "x" } ] }'),
    path: 'Control-agent.authentication.clients[0]',
    marker: '"password": "x"',
    message: /user is required in clients items/,
  },
  {
    name: 'user and user-file together',
    text: ca(
      '    "authentication": { "type": "basic",\n      "clients": [ { "user": "a", "user-file": "u" } ] }',
    ),
    path: 'Control-agent.authentication.clients[0].user-file',
    marker: '"user-file"',
    message: /user and user-file are mutually exclusive/,
  },
  {
    name: 'a control socket that is not a unix socket',
    text: ca('    "control-sockets": {\n      "dhcp6": { "socket-type": "tcp", "socket-name": "/tmp/s" } }'),
    path: 'Control-agent.control-sockets.dhcp6.socket-type',
    marker: '"tcp"',
    message: /'tcp' is not a supported value of 'socket-type'/,
  },
  {
    name: 'a control socket for an unknown service',
    text: ca('    "control-sockets": {\n      "dhcp5": { "socket-type": "unix", "socket-name": "/tmp/s" } }'),
    path: 'Control-agent.control-sockets.dhcp5',
    marker: 'dhcp5',
    message: /got unexpected keyword "dhcp5" in control-sockets map/,
  },
];

function checkBad(load: (file: string) => unknown, variant: Bad, i: number, prefix: string): void {
  const file = files.write(`${prefix}-${i}.json`, variant.text);
  const error = refusal(() => load(file));
  const expected = `${variant.path} (${file}:${lineOf(variant.text, variant.marker)}): `;
  const problem = error.problems.find((p) => p.startsWith(expected));
  expect(problem, `problems were:\n${error.problems.join('\n')}`).toBeDefined();
  expect(problem!.slice(expected.length)).toMatch(variant.message);
}

describe('DhcpDdns', () => {
  it.each(fixtures('d2').map((f) => [f.slice(here.length + 1), f]))('accepts %s', (_, file) => {
    expect(loadD2ConfigFile(file).model.port).toBe(53001);
  });

  it.each(BAD_D2.map((v, i) => [v.name, v, i] as const))('refuses %s', (_, variant, i) =>
    checkBad(loadD2ConfigFile, variant, i, 'd2'),
  );

  it('resolves keys, servers and defaults into the model', () => {
    const { model, raw } = loadD2ConfigFile(join(here, 'fixtures', 'd2', 'sample1.json'));
    expect(model).toMatchObject({
      ipAddress: '127.0.0.1',
      port: 53001,
      dnsServerTimeout: 1000,
      ncrProtocol: 'UDP',
    });
    expect(model.tsigKeys.map((k) => [k.name, k.algorithm, k.digestBits, k.secretBytes.length])).toEqual([
      ['d2.md5.key', 'HMAC-MD5', 0, 16],
      ['d2.sha1.key', 'HMAC-SHA1', 0, 16],
      ['d2.sha512.key', 'HMAC-SHA512', 256, 64],
    ]);
    expect(model.forwardDomains[0]).toMatchObject({
      name: 'four.example.com.',
      keyName: 'd2.md5.key',
      servers: [{ ipAddress: '172.16.1.1', port: 53, keyName: 'd2.md5.key' }],
    });
    expect(model.forwardDomains[1]!.servers[0]).toEqual({ ipAddress: '2001:db8:1::10', port: 7802 });
    expect(model.reverseDomains[0]!.servers.map((s) => s.port)).toEqual([53001, 53]);
    expect(model.controlSocket).toEqual({ socketType: 'unix', socketName: '/tmp/kea-ddns-ctrl-socket' });
    expect(model.hooksLibraries).toEqual([
      { library: '/opt/local/ddns-server-commands.so', parameters: { param1: 'foo' } },
    ]);
    expect((raw['tsig-keys'] as { 'digest-bits': number }[])[0]!['digest-bits']).toBe(0);
  });

  it('fills Kea defaults for a minimal section', () => {
    const { model, raw } = parseD2Config({ DhcpDdns: { 'ip-address': '127.0.0.1' } });
    expect(model).toMatchObject({
      ipAddress: '127.0.0.1',
      port: 53001,
      dnsServerTimeout: 100,
      tsigKeys: [],
      forwardDomains: [],
    });
    expect(raw).toMatchObject({
      'ip-address': '127.0.0.1',
      port: 53001,
      'dns-server-timeout': 100,
      'ncr-format': 'JSON',
      'forward-ddns': { 'ddns-domains': [] },
    });
  });

  it("shows maxsize and maxver of file outputs only, as Kea 2.2's config-get", () => {
    const outputs: JsonValue[] = [
      { output: '/var/log/kea/d2.log' },
      { output: 'stdout' },
      { output: 'stderr', maxver: 4 },
      { output: 'syslog:d2' },
      { output: 'syslog', maxsize: 5, flush: false },
    ];
    const { raw } = parseD2Config({
      DhcpDdns: { loggers: [{ name: 'kea-dhcp-ddns', severity: 'INFO', output_options: outputs }] },
    });
    expect(raw.loggers).toEqual([
      {
        name: 'kea-dhcp-ddns',
        severity: 'INFO',
        debuglevel: 0,
        output_options: [
          { output: '/var/log/kea/d2.log', flush: true, maxsize: 10240000, maxver: 1, pattern: '' },
          { output: 'stdout', flush: true, pattern: '' },
          { output: 'stderr', flush: true, pattern: '' },
          { output: 'syslog:d2', flush: true, pattern: '' },
          { output: 'syslog', flush: false, pattern: '' },
        ],
      },
    ]);
  });
});

describe('Control-agent', () => {
  it.each(fixtures('ctrl-agent').map((f) => [f.slice(here.length + 1), f]))('accepts %s', (_, file) => {
    expect(loadCtrlAgentConfigFile(file).model.httpPort).toBe(8000);
  });

  it.each(BAD_CA.map((v, i) => [v.name, v, i] as const))('refuses %s', (_, variant, i) =>
    checkBad(loadCtrlAgentConfigFile, variant, i, 'ca'),
  );

  it('resolves sockets, TLS and authentication into the model', () => {
    const tls = loadCtrlAgentConfigFile(join(here, 'fixtures', 'ctrl-agent', 'https.json')).model;
    expect(tls.tls).toEqual({
      trustAnchor: 'my-ca',
      certFile: 'my-cert',
      keyFile: 'my-key',
      certRequired: true,
    });
    const { model } = loadCtrlAgentConfigFile(join(here, 'fixtures', 'ctrl-agent', 'auth.json'));
    expect(model.httpHost).toBe('10.20.30.40');
    expect(model.authentication).toEqual({
      type: 'basic',
      realm: 'kea-control-agent',
      directory: '/tmp/kea-creds',
      clients: [
        { user: 'admin', password: '1234' },
        { user: 'ops', password: 's3cret' },
      ],
    });
    const files = parseCtrlAgentConfig({
      'Control-agent': {
        authentication: {
          type: 'basic',
          clients: [{ 'user-file': 'user', 'password-file': 'password' }, { 'password-file': 'admin-creds' }],
        },
      },
    }).model.authentication!;
    expect(files.clients).toEqual([
      { userFile: 'user', passwordFile: 'password' },
      { passwordFile: 'admin-creds' },
    ]);
    expect(files.realm).toBe('kea-control-agent');
    expect(model.controlSockets).toEqual({
      dhcp6: { socketType: 'unix', socketName: '/tmp/kea6-ctrl-socket' },
    });
  });

  it('fills Kea defaults for a minimal section', () => {
    const { model, raw } = parseCtrlAgentConfig({ 'Control-agent': { 'http-port': 8001 } });
    expect(model).toMatchObject({ httpHost: '127.0.0.1', httpPort: 8001, controlSockets: {} });
    expect(model.tls).toBeUndefined();
    expect(raw).toMatchObject({ 'http-host': '127.0.0.1', 'http-port': 8001, 'hooks-libraries': [] });
  });
});

const d2Kea = keaAvailable('DhcpDdns');
const caKea = keaAvailable('Control-agent');
if (!d2Kea || !caKea)
  console.warn('kea-dhcp-ddns / kea-ctrl-agent (ISC Kea 2.2) absent: the comparison with Kea is skipped');

describe.skipIf(!d2Kea)('agreement with ISC kea-dhcp-ddns -t', () => {
  it.each(fixtures('d2').map((f) => [f.slice(here.length + 1), f]))('Kea accepts %s too', (name, file) => {
    const verdict = keaCheck('DhcpDdns', readFileSync(file, 'utf8'), files.dir, name);
    expect(verdict.accepted, verdict.output).toBe(true);
  });
  it.each(BAD_D2.map((v, i) => [v.name, v, i] as const))('Kea refuses %s too', (_, variant, i) => {
    expect(keaCheck('DhcpDdns', variant.text, files.dir, `d2-bad-${i}`).accepted).toBe(false);
  });
});

describe.skipIf(!caKea)('agreement with ISC kea-ctrl-agent -t', () => {
  it.each(fixtures('ctrl-agent').map((f) => [f.slice(here.length + 1), f]))(
    'Kea accepts %s too',
    (name, file) => {
      const verdict = keaCheck('Control-agent', readFileSync(file, 'utf8'), files.dir, name);
      expect(verdict.accepted, verdict.output).toBe(true);
    },
  );
  it.each(BAD_CA.map((v, i) => [v.name, v, i] as const))('Kea refuses %s too', (_, variant, i) => {
    expect(keaCheck('Control-agent', variant.text, files.dir, `ca-bad-${i}`).accepted).toBe(false);
  });
});

describe.skipIf(!d2Kea)('DhcpDdns raw is what kea-dhcp-ddns config-get returns', () => {
  it.each(fixtures('d2').map((f, i) => [f.slice(here.length + 1), f, i] as const))(
    'for %s',
    async (_, file, i) => {
      const dir = join(files.dir, `d2-run-${i}`);
      mkdirSync(dir);
      const document = runnableD2(readKeaJsonFile(file).value, dir, 53990 + i);
      const kea = await startKeaD2(dir, document);
      try {
        const get = await kea.command('config-get');
        expect(get.result).toBe(0);
        expect(parseD2Config(document).raw).toEqual((get.arguments as { DhcpDdns: unknown }).DhcpDdns);
      } finally {
        await kea.stop();
      }
    },
  );
});
