import type { D2Config, DdnsDomain } from '@nestor/config';
import { textToWire } from '@nestor/ncr';
import { makeTsigKey, type TsigKey } from '../dns/tsig.js';
import { DomainMatcher } from './domains.js';
import type { DomainRuntime } from './transaction.js';

/** What the update engine works from, built once per configuration. */
export interface EngineRuntime {
  forward: DomainMatcher<unknown, DomainRuntime>;
  reverse: DomainMatcher<unknown, DomainRuntime>;
  timeoutMs: number;
  /** Key names as the statistics name them. */
  keyNames: string[];
}

export function buildRuntime(config: D2Config): EngineRuntime {
  const keys = new Map<string, TsigKey>();
  for (const k of config.tsigKeys)
    keys.set(k.name.toLowerCase(), makeTsigKey(k.name, k.algorithm, k.secretBytes, k.digestBits));
  const domain = (d: DdnsDomain): DomainRuntime => ({
    name: d.name,
    // "*" is not a zone: Kea sends its name as written; "*." is a valid owner name on the wire.
    zoneWire: textToWire(d.name),
    servers: d.servers.map((s) => ({
      ipAddress: s.ipAddress,
      port: s.port,
      key: s.keyName === undefined ? undefined : keys.get(s.keyName.toLowerCase()),
    })),
  });
  return {
    forward: new DomainMatcher(config.forwardDomains.map(domain)),
    reverse: new DomainMatcher(config.reverseDomains.map(domain)),
    timeoutMs: config.dnsServerTimeout,
    keyNames: [...keys.values()].map((k) => k.name),
  };
}
