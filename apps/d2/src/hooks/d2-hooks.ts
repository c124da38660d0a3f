import type { D2Config } from '@nestor/config';
import type { JsonObject } from '@nestor/control';
import { CalloutHandle, type HooksManager, NextStep, noHooks } from '@nestor/hooks';
import { makeTsigKey, type TsigAlgorithm, type TsigKey } from '../dns/tsig.js';
import type { ServerRuntime } from '../engine/transaction.js';
import { D2_HOOK_POINTS } from './points.js';
import type { D2ServerApi } from './server-api.js';

/** A DNS server as select_key's `current_server` shows it (Kea's DnsServerInfo). */
export interface CurrentServer {
  ipAddress: string;
  port: number;
  /** The name of the key the configuration gives the server, if any. */
  keyName: string | undefined;
}

/** A TSIG key as select_key's `tsig_key` shows it, and as a callout may set it (null: unsigned). */
export interface TsigKeyView {
  name: string;
  algorithm: TsigAlgorithm;
  /** Base64, as in the configuration's tsig-keys. */
  secret: string;
  /** 0: the full digest. */
  digestBits?: number;
}

/** What select_key decided: skip this server, or use it with this key (undefined: unsigned). */
export type KeyChoice = { skip: true } | { skip: false; key: TsigKey | undefined };

const keyView = (key: TsigKey): TsigKeyView => ({
  name: key.name,
  algorithm: key.algorithm,
  secret: key.secret.toString('base64'),
  digestBits: key.macBytes * 8,
});

/**
 * kea-dhcp-ddns's side of the hooks: builds each hook point's arguments (Kea's names) and turns
 * what the callouts left into the daemon's terms. Every call site asks present() first.
 */
export class D2Hooks {
  constructor(readonly manager: HooksManager<D2ServerApi>) {}

  static none(): D2Hooks {
    return new D2Hooks(noHooks<D2ServerApi>('kea-dhcp-ddns', D2_HOOK_POINTS));
  }

  present(point: (typeof D2_HOOK_POINTS)[number]): boolean {
    return this.manager.calloutsPresent(point);
  }

  /**
   * d2_srv_configured (json_config: the DhcpDdns section with Kea's defaults, server_config:
   * the parsed configuration, error: ''), before the new configuration takes effect: DROP
   * refuses it, with the `error` a callout set. Resolves with that error, or undefined.
   */
  async srvConfigured(json: JsonObject, model: D2Config): Promise<string | undefined> {
    const handle = new CalloutHandle().begin('d2_srv_configured', {
      json_config: json,
      server_config: model,
      error: '',
    });
    const next = await this.manager.call('d2_srv_configured', handle);
    if (next !== NextStep.DROP) return undefined;
    const error = handle.getArgument<unknown>('error');
    return typeof error === 'string' ? error : String(error);
  }

  /**
   * select_key (current_server, tsig_key) when a transaction picks a DNS server: any status but
   * CONTINUE skips the server (its next one is tried); a callout may set tsig_key to another key
   * ({ name, algorithm, secret }) or to null (the update goes unsigned).
   */
  async selectKey(server: ServerRuntime): Promise<KeyChoice> {
    const original = server.key ? keyView(server.key) : null;
    const current: CurrentServer = {
      ipAddress: server.ipAddress,
      port: server.port,
      keyName: server.key?.name,
    };
    const handle = new CalloutHandle().begin('select_key', { current_server: current, tsig_key: original });
    const next = await this.manager.call('select_key', handle);
    if (next !== NextStep.CONTINUE) return { skip: true };
    const chosen = handle.getArgument<TsigKeyView | null | undefined>('tsig_key');
    if (chosen === original) return { skip: false, key: server.key };
    if (chosen === null || chosen === undefined) return { skip: false, key: undefined };
    return {
      skip: false,
      key: makeTsigKey(
        chosen.name,
        chosen.algorithm,
        Buffer.from(chosen.secret, 'base64'),
        chosen.digestBits ?? 0,
      ),
    };
  }
}
