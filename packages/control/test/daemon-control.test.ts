import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DaemonControl, type JsonObject, PathPolicy, splitControlMembers } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'control-daemon-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('splitControlMembers', () => {
  it('leaves a Kea 2 section (unix control-socket) whole, as the same object', () => {
    const section: JsonObject = {
      port: 53001,
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'd2-socket' },
    };
    const { schemaPart, controlPart } = splitControlMembers(section);
    expect(schemaPart).toBe(section);
    expect(controlPart).toEqual({});
  });

  it("takes out Kea 3's control-sockets and an http control-socket, leaving the section untouched", () => {
    const sockets = [{ 'socket-type': 'unix', 'socket-name': 'a' }];
    const listed: JsonObject = { port: 1, 'control-sockets': sockets };
    expect(splitControlMembers(listed)).toEqual({
      schemaPart: { port: 1 },
      controlPart: { 'control-sockets': sockets },
    });
    expect(listed['control-sockets']).toBe(sockets);
    const http = { 'socket-type': 'http', 'socket-port': 8004 };
    expect(splitControlMembers({ port: 1, 'control-socket': http })).toEqual({
      schemaPart: { port: 1 },
      controlPart: { 'control-socket': http },
    });
  });
});

describe('DaemonControl', () => {
  it('uses the policy it is given, so that a loader and the control channel share one', () => {
    const configFile = join(root, 'etc', 'kea-dhcp-ddns.conf');
    const dirs = { socket: join(root, 'run'), log: join(root, 'log'), data: join(root, 'lib') };
    const policy = new PathPolicy({ configFile, defaults: dirs, env: {} });
    const given = new DaemonControl({
      service: 'd2',
      section: 'DhcpDdns',
      configFile,
      defaults: dirs,
      policy,
    });
    expect(given.policy).toBe(policy);
    const own = new DaemonControl({
      service: 'd2',
      section: 'DhcpDdns',
      configFile,
      defaults: dirs,
      env: {},
    });
    expect(own.policy).not.toBe(policy);
    expect(own.policy.directory('socket')).toBe(dirs.socket);
  });
});
