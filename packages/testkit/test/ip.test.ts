import { describe, expect, it } from 'vitest';
import { parseIpAddrJson, parseNetnsList, parseProcNetUdpPorts } from '../src/ip.js';

describe('ip output parsers', () => {
  it('reads addresses from ip -j -6 addr, with scope and tentative flag', () => {
    const json = JSON.stringify([
      {
        ifindex: 2,
        ifname: 'v-cli',
        addr_info: [
          { family: 'inet6', local: '2001:db8:1::1000', prefixlen: 128, scope: 'global', dynamic: true },
          { family: 'inet6', local: 'fe80::ff:fe00:102', prefixlen: 64, scope: 'link', tentative: true },
        ],
      },
      { ifindex: 3, ifname: 'down' },
    ]);
    expect(parseIpAddrJson(json)).toEqual([
      { address: '2001:db8:1::1000', prefixLength: 128, scope: 'global', tentative: false },
      { address: 'fe80::ff:fe00:102', prefixLength: 64, scope: 'link', tentative: true },
    ]);
    expect(parseIpAddrJson('')).toEqual([]);
    expect(() => parseIpAddrJson('Device "x" does not exist.')).toThrow(/not JSON/);
    expect(() => parseIpAddrJson('{}')).toThrow(/not print an array/);
  });

  it('reads bound UDP ports from /proc/net/udp and udp6', () => {
    const text = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue',
      '  512: 00000000000000000000000000000000:0223 00000000000000000000000000000000:0000 07 00000000:00000000',
      ' 1023: 0000000000000000FFFF00000100007F:A411 00000000000000000000000000000000:0000 07 00000000:00000000',
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   77: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1234',
    ].join('\n');
    expect([...parseProcNetUdpPorts(text)].sort((a, b) => a - b)).toEqual([53, 547, 42001]);
    expect(parseProcNetUdpPorts('').size).toBe(0);
  });

  it('reads namespace names from ip netns list, with or without ids', () => {
    expect(parseNetnsList('nst-a-srv (id: 1)\nnst-a-cli\n\n')).toEqual(['nst-a-srv', 'nst-a-cli']);
    expect(parseNetnsList('')).toEqual([]);
  });
});
