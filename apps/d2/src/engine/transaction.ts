import type { Logger } from '@nestor/daemon';
import { dhcidToHex, type NameChangeRequest, ncrToText, textToWire } from '@nestor/ncr';
import { RR_TYPE, rcodeText } from '../dns/constants.js';
import { encodeUpdate } from '../dns/message.js';
import { InvalidResponseError, parseResponse } from '../dns/response.js';
import type { DnsTransport } from '../dns/transport.js';
import { type SignedRequest, signRequest, type TsigKey, verifyResponse } from '../dns/tsig.js';
import type { D2Statistics } from '../stats.js';
import { addressRdata, reverseName } from './domains.js';
import { type Plan, planFor, type Step, type UpdateData } from './plans.js';

/** Kea's NameChangeTransaction::MAX_UPDATE_TRIES_PER_SERVER. */
export const MAX_UPDATE_TRIES_PER_SERVER = 3;
/** Bounds add/replace ping-pong when another writer races us (Kea has no bound). */
const MAX_STEP_CHANGES = 8;
/** Kea's DBGLVL_TRACE_DETAIL. */
const DBG_TRACE_DETAIL = 50;

export interface ServerRuntime {
  ipAddress: string;
  port: number;
  key: TsigKey | undefined;
}

export interface DomainRuntime {
  name: string;
  zoneWire: Uint8Array;
  servers: ServerRuntime[];
}

/**
 * The select_key hook point: asked each time a transaction picks a server, it may skip the
 * server or give the key to sign with (undefined: unsigned).
 */
export type KeySelector = (
  server: ServerRuntime,
) => Promise<{ skip: true } | { skip: false; key: TsigKey | undefined }>;

export interface TransactionEnv {
  transport: DnsTransport;
  /** select_key, when a hook library has a callout there. */
  selectKey?: KeySelector | undefined;
  stats: D2Statistics;
  /** kea-dhcp-ddns.d2-to-dns */
  log: Logger;
  timeoutMs: number;
}

/** Kea's DnsServerInfo::toText. */
export const serverText = (s: ServerRuntime) => `${s.ipAddress} port:${s.port}`;

type SendResult = { kind: 'rcode'; rcode: number } | { kind: 'io'; corrupt: boolean };

/**
 * One NCR carried out against DNS: the forward direction, then the reverse one, each on the
 * first server of its domain that answers. As in Kea's D2, a failed forward update ends the
 * request (the reverse one is not tried), and either direction alone may be asked for.
 */
export class Transaction {
  private forwardDone = false;
  private reverseDone = false;
  private readonly id: string;

  constructor(
    readonly ncr: NameChangeRequest,
    private readonly forward: DomainRuntime | undefined,
    private readonly reverse: DomainRuntime | undefined,
    private readonly env: TransactionEnv,
    /** The address's reverse name, when the caller has it already (it matched the domain by it). */
    private readonly reverseText = reverseName(ncr.ipAddress),
  ) {
    this.id = dhcidToHex(ncr.dhcid);
  }

  async run(): Promise<boolean> {
    this.env.log.debug(DBG_TRACE_DETAIL, 'DHCP_DDNS_STARTING_TRANSACTION', `Request ID ${this.id}:`);
    const plan = planFor(this.ncr.conflictResolutionMode, this.ncr.changeType);
    let data: UpdateData;
    try {
      data = {
        fqdn: textToWire(this.ncr.fqdn),
        reverse: textToWire(this.reverseText),
        addressType: this.ncr.ipAddress.includes(':') ? RR_TYPE.AAAA : RR_TYPE.A,
        address: addressRdata(this.ncr.ipAddress),
        dhcid: this.ncr.dhcid,
        ttl: this.ncr.leaseLength,
      };
    } catch (err) {
      const step = (this.forward ? plan.forward : plan.reverse)[0]!;
      this.env.log.error(
        `${step.ids}_BUILD_FAILURE`,
        `DNS Request ID ${this.id}: the update could not be built for ${this.ncr.fqdn}: ${(err as Error).message}`,
      );
      return this.finish(plan, false);
    }
    if (this.forward) {
      this.forwardDone = await this.direction(this.forward, plan.forward, data);
      if (!this.forwardDone) return this.finish(plan, false);
    }
    if (this.reverse) {
      this.reverseDone = await this.direction(this.reverse, plan.reverse, data);
      if (!this.reverseDone) return this.finish(plan, false);
    }
    return this.finish(plan, true);
  }

  private finish(plan: Plan, ok: boolean): boolean {
    const verb = plan.kind === 'add' ? 'ADD' : 'REMOVE';
    if (ok) {
      this.env.log.info(
        `DHCP_DDNS_${verb}_SUCCEEDED`,
        `DHCP_DDNS Request ID ${this.id}: DNS ${plan.kind === 'add' ? 'mapping added' : 'mapping removed'} for this request: ${ncrToText(this.ncr)}`,
      );
    } else {
      const parts = [
        ...(this.forward ? [`Forward change: ${this.forwardDone ? 'completed' : 'failed'}`] : []),
        ...(this.reverse ? [`Reverse change: ${this.reverseDone ? 'completed' : 'failed'}`] : []),
      ];
      this.env.log.error(
        `DHCP_DDNS_${verb}_FAILED`,
        `DHCP_DDNS Request ID ${this.id}: Transaction outcome: Status: Failed, ${parts.join(', ')}, request: ${ncrToText(this.ncr)}`,
      );
    }
    return ok;
  }

  /** Runs a direction's steps over the domain's servers; true once a step says done. */
  private async direction(domain: DomainRuntime, steps: readonly Step[], data: UpdateData): Promise<boolean> {
    for (const configured of domain.servers) {
      let server = configured;
      if (this.env.selectKey) {
        // Kea's selectTSIGKey: a callout may skip this server or sign with another key.
        const choice = await this.env.selectKey(configured);
        if (choice.skip) continue;
        if (choice.key !== configured.key) server = { ...configured, key: choice.key };
      }
      let index = 0;
      let attempts = 0;
      let changes = 0;
      for (;;) {
        const step = steps[index]!;
        const result = await this.send(step, domain, server, data);
        if (result.kind === 'rcode') {
          const outcome = step.onRcode(result.rcode);
          if (outcome === 'done') return true;
          if (outcome === 'fail') {
            this.env.log.error(
              `${step.ids}_REJECTED`,
              `DNS Request ID ${this.id}: Server, ${serverText(server)}, refused the update ${step.what} for FQDN, ${this.ncr.fqdn}, with an RCODE: ${result.rcode} (${rcodeText(result.rcode)})`,
            );
            return false;
          }
          if (++changes > MAX_STEP_CHANGES) return false;
          index = outcome.goto;
          attempts = 0;
          continue;
        }
        attempts++;
        if (result.corrupt)
          this.env.log.error(
            `${step.ids}_RESP_CORRUPT`,
            `DHCP_DDNS Request ID ${this.id}: unusable answer from the DNS server, ${serverText(server)}, while ${step.what} for FQDN, ${this.ncr.fqdn}`,
          );
        else
          this.env.log.error(
            `${step.ids}_IO_ERROR`,
            `DHCP_DDNS Request ID ${this.id}: no answer (I/O error or timeout) ${step.what} for FQDN ${this.ncr.fqdn} from DNS server ${serverText(server)}`,
          );
        if (attempts < MAX_UPDATE_TRIES_PER_SERVER) continue;
        if (step.exhausted === 'fail') return false;
        break; // the domain's next server, from the first step
      }
    }
    return false;
  }

  private async send(
    step: Step,
    domain: DomainRuntime,
    server: ServerRuntime,
    data: UpdateData,
  ): Promise<SendResult> {
    const { transport, stats, log } = this.env;
    const key = server.key;
    const unsigned = encodeUpdate({
      id: transport.allocateId(server.ipAddress),
      zone: domain.zoneWire,
      ...step.build(data),
    });
    let signed: SignedRequest | undefined;
    if (key) signed = signRequest(unsigned, key);
    stats.update('update-sent', key?.name);
    stats.update(key ? 'update-signed' : 'update-unsigned');
    log.debug(
      DBG_TRACE_DETAIL,
      'DHCP_DDNS_UPDATE_REQUEST_SENT',
      `Request ID ${this.id}: ${step.comment} to server: ${serverText(server)}`,
    );
    const result = await transport.exchange(
      server.ipAddress,
      server.port,
      signed?.wire ?? unsigned,
      this.env.timeoutMs,
    );
    if (result.status !== 'SUCCESS') {
      stats.update(result.status === 'TIMEOUT' ? 'update-timeout' : 'update-error', key?.name);
      log.debug(
        DBG_TRACE_DETAIL,
        'DHCP_DDNS_UPDATE_RESPONSE_RECEIVED',
        `Request ID ${this.id}: to server: ${serverText(server)} status: ${result.status}`,
      );
      return { kind: 'io', corrupt: false };
    }
    try {
      const response = parseResponse(result.wire);
      if (key && signed) {
        const verdict = verifyResponse(response, key, signed);
        if (verdict !== 'NOERROR') throw new InvalidResponseError(`TSIG verification failed: ${verdict}`);
      }
      stats.update('update-success', key?.name);
      log.debug(
        DBG_TRACE_DETAIL,
        'DHCP_DDNS_UPDATE_RESPONSE_RECEIVED',
        `Request ID ${this.id}: to server: ${serverText(server)} status: SUCCESS, rcode: ${rcodeText(response.rcode)}`,
      );
      return { kind: 'rcode', rcode: response.rcode };
    } catch (err) {
      log.debug(
        DBG_TRACE_DETAIL,
        'DHCP_DDNS_INVALID_RESPONSE',
        `received response to DNS Update message is malformed: ${(err as Error).message}`,
      );
      stats.update('update-error', key?.name);
      return { kind: 'io', corrupt: true };
    }
  }
}
