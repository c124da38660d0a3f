import { nativeUdpStatus } from '@nestor/udp-native';
import { describe, expect, it } from 'vitest';
import { chooseDatagramPath, DATAGRAM_PATH_ENV } from '../src/net/datagram-path.js';

const native = nativeUdpStatus();

describe('choosing the datagram path', () => {
  it('forces node:dgram when asked, and says so', () => {
    expect(chooseDatagramPath({ [DATAGRAM_PATH_ENV]: 'dgram' })).toEqual({
      path: 'dgram',
      reason: `datagrams through node:dgram (${DATAGRAM_PATH_ENV}=dgram)`,
    });
  });

  it('takes the addon by default when it was built, node:dgram with the reason otherwise', () => {
    const choice = chooseDatagramPath({});
    if (native.available) expect(choice.path).toBe('native');
    else expect(choice).toEqual({ path: 'dgram', reason: expect.stringContaining(native.reason) });
    expect(chooseDatagramPath({ [DATAGRAM_PATH_ENV]: 'auto' }).path).toBe(choice.path);
  });

  it.skipIf(!native.available)('=native takes the addon', () => {
    expect(chooseDatagramPath({ [DATAGRAM_PATH_ENV]: 'native' }).path).toBe('native');
  });

  it('refuses a value it does not know', () => {
    expect(() => chooseDatagramPath({ [DATAGRAM_PATH_ENV]: 'fast' })).toThrow(
      `${DATAGRAM_PATH_ENV} must be native, dgram or auto, not "fast"`,
    );
  });
});
