import { describe, expect, it } from 'vitest';
import { buildBody, parseShellArgs, targetUrl } from '../src/index.js';

function options(argv: string[]) {
  const parsed = parseShellArgs(argv);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.options;
}

describe('parseShellArgs', () => {
  it("has ISC's defaults", () => {
    expect(options([])).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      path: '',
      ca: '',
      timeout: 10,
      services: [],
      command: 'list-commands',
      authUser: '',
    });
  });

  it('takes values separately or after =, and unambiguous prefixes of long options', () => {
    expect(
      options(['--host', '::1', '--port=8001', '--ti', '3', '--auth-u', 'ops', '--auth-p=pw', 'status-get']),
    ).toMatchObject({
      host: '::1',
      port: 8001,
      timeout: 3,
      authUser: 'ops',
      authPassword: 'pw',
      command: 'status-get',
    });
    expect(parseShellArgs(['--auth', 'x'])).toEqual({
      ok: false,
      error: 'ambiguous option: --auth could match --auth-user, --auth-password',
    });
  });

  it('collects --service repeatedly; one without a value adds nothing', () => {
    expect(options(['--service', 'dhcp6', '--service', '--service=d2', 'config-get']).services).toEqual([
      'dhcp6',
      'd2',
    ]);
    // nargs="?" is greedy, as in argparse: the word after --service is a service.
    expect(options(['--service', 'status-get'])).toMatchObject({
      services: ['status-get'],
      command: 'list-commands',
    });
  });

  it('refuses what argparse refuses', () => {
    expect(parseShellArgs(['--port', 'x'])).toEqual({
      ok: false,
      error: "argument --port: invalid int value: 'x'",
    });
    expect(parseShellArgs(['--host'])).toEqual({
      ok: false,
      error: 'argument --host: expected one argument',
    });
    expect(parseShellArgs(['a', 'b'])).toEqual({ ok: false, error: 'unrecognized arguments: b' });
    expect(parseShellArgs(['--bogus'])).toEqual({ ok: false, error: 'unrecognized arguments: --bogus' });
    expect(parseShellArgs(['-x'])).toEqual({ ok: false, error: 'unrecognized arguments: -x' });
  });
});

describe('buildBody and targetUrl', () => {
  it('build the request as ISC kea-shell does', () => {
    expect(buildBody('list-commands', [], '')).toBe('{ "command": "list-commands" }');
    expect(buildBody('lease6-get', ['dhcp6', 'd2'], '"ip-address": "2001:db8::1"\n')).toBe(
      '{ "command": "lease6-get", "service": ["dhcp6","d2"], "arguments": { "ip-address": "2001:db8::1"\n } }',
    );
    // A lone newline on stdin is not arguments.
    expect(buildBody('x', [], '\n')).toBe('{ "command": "x" }');
    expect(targetUrl(options(['--path', 'kea/api']))).toBe('http://127.0.0.1:8000/kea/api');
    expect(targetUrl(options(['--ca', '/ca.pem', '--host', '::1', '--port', '9']))).toBe('https://[::1]:9/');
  });
});
