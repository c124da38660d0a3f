import { nativeUdpStatus } from '@nestor/udp-native';

/** How the service sockets read and send: the batched native addon, or node:dgram. */
export type DatagramPath = 'native' | 'dgram';

export interface DatagramPathChoice {
  path: DatagramPath;
  /** The INFO line's text: which path and why. */
  reason: string;
}

/** Environment variable that forces a path: "native" (fail when the addon is missing) or "dgram". */
export const DATAGRAM_PATH_ENV = 'NESTOR_DATAGRAM_PATH';

/**
 * The native path when the addon was built, else node:dgram. NESTOR_DATAGRAM_PATH=dgram forces
 * the fallback (tests of both paths); =native insists on the addon and throws without it.
 */
export function chooseDatagramPath(env: NodeJS.ProcessEnv = process.env): DatagramPathChoice {
  const wanted = env[DATAGRAM_PATH_ENV]?.trim().toLowerCase() ?? '';
  if (wanted !== '' && wanted !== 'native' && wanted !== 'dgram' && wanted !== 'auto')
    throw new Error(`${DATAGRAM_PATH_ENV} must be native, dgram or auto, not "${env[DATAGRAM_PATH_ENV]}"`);
  if (wanted === 'dgram')
    return { path: 'dgram', reason: `datagrams through node:dgram (${DATAGRAM_PATH_ENV}=dgram)` };
  const status = nativeUdpStatus();
  if (status.available)
    return {
      path: 'native',
      reason: 'datagrams through the native addon (@nestor/udp-native: recvmmsg batches, one callback each)',
    };
  if (wanted === 'native')
    throw new Error(`${DATAGRAM_PATH_ENV}=native but @nestor/udp-native is unavailable: ${status.reason}`);
  return { path: 'dgram', reason: `datagrams through node:dgram (@nestor/udp-native: ${status.reason})` };
}
