import { MessageType, PacketWriter, relaySourcePort, safeDecodeMessage, unwrapRelay } from '@nestor/codec';
import type { Logger, Statistics } from '@nestor/daemon';
import type { CalloutHandle } from '@nestor/hooks';
import type { Datagram } from './net/sockets.js';
import { writeReplyOptions } from './packet/encode-reply.js';
import type { PacketPath } from './packet/path.js';
import type { ReplyDraft } from './packet/reply.js';
import { messageVendorClassProblem } from './packet/vendor-class-tuples.js';
import { readQuery } from './query.js';
import { RECEIVED_BY_TYPE } from './stats.js';

/** Debug levels as Kea's DHCPv6 server uses them. */
const DBG_PACKETS = 40;

/**
 * Nestor's id (Kea 2.2 answers such a message with NoAddrsAvail): a message whose lease change
 * could not be written is dropped. The store logs the failure itself, once per episode.
 */
export const LEASE_WRITE_DROP_ID = 'DHCP6_PACKET_DROP_LEASE_WRITE_FAIL';

/** Whether an error is a lease store's "the row did not reach the file" (LeaseFileIoError). */
/** The lease file could not be written, or the lease database could not be reached or refused. */
const LEASE_WRITE_FAILURES = new Set(['LEASE_FILE_IO', 'LEASE_DB_UNAVAILABLE', 'LEASE_DB_FAILED']);

function isLeaseWriteFailure(err: unknown): err is Error {
  return err instanceof Error && LEASE_WRITE_FAILURES.has((err as { code?: unknown }).code as string);
}

/** Nestor's id: a message whose reservation lookup met a hosts database out of reach is dropped. */
export const HOSTS_DB_DROP_ID = 'DHCP6_PACKET_DROP_HOSTS_DB_UNAVAILABLE';

/** Datagrams held while a reconfiguration runs; more are dropped (and counted). */
const MAX_HELD_DATAGRAMS = 8192;

/** Ports replies go to. */
export interface ReplyPorts {
  /** Clients (546, or -P). */
  client: number;
  /** Relays (547), unless a relay asked for its source port (RFC 8357). */
  relay: number;
}

/** What the pipeline reads of the configuration in force; swapped whole on reconfiguration. */
export interface PipelineState {
  path: PacketPath;
  macSources: readonly string[];
  /** compatibility.lenient-option-parsing: an overlong vendor-class tuple takes the option's rest. */
  lenientOptionParsing?: boolean;
}

/**
 * The packet path, in the order of Kea's hook points: buffer6_receive (decode, or count a parse
 * failure), type statistics, classify (built-in classes and the first pass of class tests, when
 * the configuration uses classes), then the stages of packet/path.ts (pkt6_receive,
 * subnet6_select and the host lookup, the lease stage of the message type, required classes and
 * options), pkt6_send and buffer6_send (the reply, data until now, encoded, wrapped for relays
 * and sent). Nothing thrown inside escapes: a packet that breaks something is dropped, counted
 * and logged. Every drop goes through drop(), which counts and logs it.
 */
export class PacketPipeline {
  /** Cleared by dhcp-disable: packets are then dropped (and counted) until dhcp-enable. */
  enabled = true;
  private readonly writer = new PacketWriter(65535);

  constructor(
    public state: PipelineState,
    private readonly stats: Statistics,
    private readonly log: Logger,
    private readonly ports: ReplyPorts,
  ) {}

  /** Datagrams being answered now (awaiting the lease store, say). */
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];
  /** Set while a reconfiguration runs: datagrams wait here, then go through the new configuration. */
  private held: Datagram[] | undefined;
  /** Reconfigurations run one after the other. */
  private betweenChain: Promise<unknown> = Promise.resolve();

  /** Entry point for every datagram; never rejects. */
  async receive(datagram: Datagram): Promise<void> {
    if (this.held) {
      if (this.held.length < MAX_HELD_DATAGRAMS) this.held.push(datagram);
      else {
        this.stats.add('pkt6-received');
        this.drop('DHCP6_PACKET_QUEUE_FULL', datagram, 'too many packets held during reconfiguration');
      }
      return;
    }
    this.inFlight++;
    this.stats.add('pkt6-received');
    try {
      await this.process(datagram);
    } catch (err) {
      // A lease change that did not reach the file was undone: the client gets no answer (it
      // retransmits, and is served once writing works again) rather than a lease nobody kept,
      // or, for a RENEW, lifetimes 0 for a lease the file still holds.
      if (isLeaseWriteFailure(err)) {
        this.drop(LEASE_WRITE_DROP_ID, datagram, `a lease change could not be written: ${err.message}`);
        return;
      }
      if ((err as { code?: unknown }).code === 'HOSTS_DB_UNAVAILABLE') {
        this.drop(HOSTS_DB_DROP_ID, datagram, (err as Error).message);
        return;
      }
      this.drop(
        'DHCP6_PACKET_PROCESS_EXCEPTION',
        datagram,
        `internal error: ${(err as Error).stack ?? err}`,
        'ERROR',
      );
    } finally {
      if (--this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /**
   * Runs `task` between packets, as Kea reconfigures between two packets: datagrams arriving
   * meanwhile are held, those already being answered finish first (waiting at most
   * `drainMs`), and the held ones are then answered under whatever `task` put in force. Lease
   * statistics recounted inside `task` thus see no allocation half done.
   */
  between<T>(task: () => Promise<T>, drainMs = 10_000): Promise<T> {
    const run = this.betweenChain.then(async () => {
      this.held = [];
      try {
        await this.drained(drainMs);
        return await task();
      } finally {
        const held = this.held;
        this.held = undefined;
        for (const datagram of held) void this.receive(datagram);
      }
    });
    this.betweenChain = run.catch(() => {});
    return run;
  }

  private drained(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async process(datagram: Datagram): Promise<void> {
    if (!this.enabled) {
      this.drop('DHCP6_PACKET_DROP_DHCP_DISABLED', datagram, 'DHCPv6 service is disabled');
      return;
    }
    // buffer6_receive
    const hooks = this.state.path.hooks;
    let data: Uint8Array = datagram.data;
    let handle: CalloutHandle | undefined;
    if (hooks.present('buffer6_receive')) {
      const received = await hooks.buffer6Receive({
        data,
        remoteAddress: datagram.remoteAddress,
        localAddress: datagram.localAddress,
        interfaceName: datagram.interfaceName,
      });
      if (!received) {
        this.drop('DHCP6_HOOK_BUFFER_RCVD_DROP', datagram, 'a buffer6_receive callout dropped it');
        return;
      }
      ({ data, handle } = received);
    }
    const decoded = safeDecodeMessage(data);
    if (!decoded.ok) {
      this.stats.add('pkt6-parse-failed');
      this.drop('DHCP6_PACKET_PARSE_FAIL', datagram, `${decoded.error.kind}: ${decoded.error.message}`);
      return;
    }
    const { message, relays } = unwrapRelay(decoded.message);
    // Kea parses vendor-class tuples on receipt: one it cannot read fails the whole message.
    const tupleProblem = messageVendorClassProblem(
      message.kind === 'client-server' ? message.options : [],
      relays,
      this.state.lenientOptionParsing === true,
    );
    if (tupleProblem) {
      this.stats.add('pkt6-parse-failed');
      this.drop('DHCP6_PACKET_PARSE_FAIL', datagram, tupleProblem);
      return;
    }
    // pkt6_receive
    const counter = RECEIVED_BY_TYPE[message.msgType];
    this.stats.add(counter ?? 'pkt6-unknown-received');
    if (message.kind !== 'client-server') {
      this.drop('DHCP6_UNKNOWN_MSG_RECEIVED', datagram, `message type ${message.msgType} is not served`);
      return;
    }
    const query = readQuery(datagram, message, relays, this.state.macSources);
    // classify (Kea's classifyPacket, before pkt6_receive): built-in classes and the first pass
    // of class tests; the stages carry the classification on.
    const classes = this.state.path.classifier.classify(query);
    if (classes) query.classes = classes;
    if (this.log.isDebugEnabled(DBG_PACKETS)) {
      this.log.debug(
        DBG_PACKETS,
        'DHCP6_PACKET_RECEIVED',
        `duid=[${query.duid}], tid=0x${message.transactionId.toString(16)}: type ${message.msgType} received from ${datagram.remoteAddress} on ${datagram.interfaceName}`,
      );
    }
    const outcome = await this.state.path.run(query, handle);
    if ('drop' in outcome) {
      this.drop(outcome.id ?? 'DHCP6_PACKET_DROP', datagram, outcome.drop);
      return;
    }
    // buffer6_send
    const reply = outcome.reply;
    if (!reply) return;
    let bytes = this.encode(reply, relays, message.transactionId);
    if (hooks.present('buffer6_send')) {
      const sent = await hooks.buffer6Send(outcome, reply.msgType, bytes);
      if (!sent) {
        this.drop('DHCP6_HOOK_BUFFER_SEND_SKIP', datagram, 'a buffer6_send callout dropped the reply');
        return;
      }
      bytes = sent;
    }
    this.send(bytes, reply.msgType, datagram, relays);
  }

  /** The reply on the wire: header, options in code order, relay layers around it. */
  private encode(
    reply: ReplyDraft,
    relays: ReturnType<typeof unwrapRelay>['relays'],
    tid: number,
  ): Uint8Array {
    const w = this.writer.reset();
    if (relays.length > 0) w.beginRelayReplies(relays);
    w.header(reply.msgType, tid);
    writeReplyOptions(w, reply);
    if (relays.length > 0) w.endRelayReplies();
    return w.finishCopy(); // the socket reads it after this turn: not the shared buffer
  }

  private send(
    bytes: Uint8Array,
    msgType: number,
    datagram: Datagram,
    relays: ReturnType<typeof unwrapRelay>['relays'],
  ): void {
    const port = relays.length > 0 ? (relaySourcePort(relays[0]!) ?? this.ports.relay) : this.ports.client;
    datagram.reply(bytes, datagram.remoteAddress, port);
    this.stats.add('pkt6-sent');
    this.stats.add(msgType === MessageType.ADVERTISE ? 'pkt6-advertise-sent' : 'pkt6-reply-sent');
  }

  private drop(id: string, datagram: Datagram, reason: string, severity: 'DEBUG' | 'ERROR' = 'DEBUG'): void {
    this.stats.add('pkt6-receive-drop');
    const text = `dropped packet from ${datagram.remoteAddress} on ${datagram.interfaceName}: ${reason}`;
    if (severity === 'ERROR') this.log.error(id, text);
    else if (this.log.isDebugEnabled(DBG_PACKETS)) this.log.debug(DBG_PACKETS, id, text);
  }
}
