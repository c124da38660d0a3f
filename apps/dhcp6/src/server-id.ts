import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  describeDuid,
  formatDuid,
  makeDuidEn,
  makeDuidLl,
  makeDuidLlt,
  parseDuid,
  parseMac,
} from '@nestor/codec';
import type { ServerIdConfig } from '@nestor/config';
import type { Logger } from '@nestor/daemon';
import { detectInterfaces } from './net/interfaces.js';

/** Kea's file for the server DUID, in the data directory. */
export const SERVER_ID_FILE = 'kea-dhcp6-serverid';

/** ISC's enterprise number, Kea's default for DUID-EN. */
const ISC_ENTERPRISE_ID = 2495;

/** A hardware address of this host for the DUID: the first non-loopback interface that has one. */
function hostMac(): Uint8Array {
  for (const h of detectInterfaces().values()) {
    if (!h.loopback && h.mac) return parseMac(h.mac);
  }
  // No usable link layer (loopback only): a random locally administered address.
  const random = randomBytes(6);
  random[0] = (random[0]! & 0xfe) | 0x02;
  return random;
}

/** Does the configuration pin any part of the DUID, so a stored one must not be used instead? */
function pinsDuid(config: ServerIdConfig): boolean {
  return config.identifier !== '' || config.time !== 0 || (config.type === 'EN' && config.enterpriseId !== 0);
}

function generate(config: ServerIdConfig): Uint8Array {
  const htype = config.htype || 1;
  const identifier = config.identifier ? parseDuid(config.identifier) : undefined;
  switch (config.type) {
    case 'EN':
      return makeDuidEn(config.enterpriseId || ISC_ENTERPRISE_ID, identifier ?? randomBytes(6));
    case 'LL':
      return makeDuidLl(htype, identifier ?? hostMac());
    default:
      return makeDuidLlt(htype, config.time || new Date(), identifier ?? hostMac());
  }
}

/**
 * The server identifier: the stored DUID of the data directory when the configuration does not
 * pin one (and its type matches), else one built from the `server-id` map, stored when `persist`.
 */
export function loadServerId(config: ServerIdConfig, dataDirectory: string, log: Logger): Uint8Array {
  const file = join(dataDirectory, SERVER_ID_FILE);
  // Without persist Kea's DUID factory is given no file: the stored DUID is not read either.
  if (config.persist && !pinsDuid(config)) {
    try {
      const stored = parseDuid(readFileSync(file, 'utf8').trim());
      if (describeDuid(stored).type === config.type.toLowerCase()) return using(stored, file, log);
    } catch {
      // No (readable) stored DUID: make one.
    }
  }
  const duid = generate(config);
  if (config.persist) {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o750 });
      // No newline, as Kea writes it: Kea 2.2 misreads a DUID file that ends in one.
      writeFileSync(file, formatDuid(duid), { mode: 0o644 });
    } catch (err) {
      log.warn(
        'DHCPSRV_CFGMGR_SERVER_ID_WRITE_FAIL',
        `cannot store server DUID in ${file}: ${(err as Error).message}`,
      );
    }
  }
  return using(duid, file, log);
}

function using(duid: Uint8Array, file: string, log: Logger): Uint8Array {
  log.info(
    'DHCP6_USING_SERVERID',
    `server is using server-id ${formatDuid(duid)} and stores in the the file ${file}`,
  );
  return duid;
}
