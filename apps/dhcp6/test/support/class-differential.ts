/**
 * The steps of the classification differential test and how they are run: each step is a
 * client message built for each server from that server's own earlier replies (server-id,
 * addresses to renew), sent to both, and the two answers compared as reply-summary.ts reduces
 * them.
 */
import { type ClientServerMessage, MessageType } from '@nestor/codec';
import {
  type ClientSpec,
  type ExchangeSpec,
  firstHint,
  granted,
  innerReply,
  packetOf,
} from './class-packets.js';
import { REQUESTED } from './class-scenario.js';
import { type PoolLabeler, summarise } from './reply-summary.js';
import type { TwinServers } from './twin-servers.js';

export interface TestClient {
  client: ClientSpec;
  relay?: ExchangeSpec['relay'];
  /** Asks for a prefix (IA_PD) too. */
  pd?: boolean;
}

export interface Step {
  name: string;
  /** The client whose last reply the step may reuse, and under which its own reply is kept. */
  key: string;
  /** The message for one side, given that side's earlier replies (for server-id and hints). */
  build(replies: ReadonlyMap<string, ClientServerMessage>): ExchangeSpec;
  /** Keep the reply as the client's last (default true). */
  record?: boolean;
  /** The clients whose earlier replies the message is built from. */
  needs?: readonly string[];
  /** Also compare whether the address granted is the first one the message named. */
  gotHint?: boolean;
}

/** A step's client presenting itself otherwise (other classes, another relay). */
export interface Variation {
  as?: ClientSpec;
  relay?: ExchangeSpec['relay'];
  /** Lifetimes the client asks for with its addresses. */
  wish?: { preferred: number; valid: number };
  note?: string;
}

const TYPE_NAMES: Record<number, string> = {
  [MessageType.SOLICIT]: 'SOLICIT',
  [MessageType.REQUEST]: 'REQUEST',
  [MessageType.RENEW]: 'RENEW',
  [MessageType.REBIND]: 'REBIND',
  [MessageType.CONFIRM]: 'CONFIRM',
  [MessageType.INFORMATION_REQUEST]: 'INFORMATION-REQUEST',
};

let tid = 0x100;
const nextTid = (): number => ++tid;

/** Builds steps for a set of named test clients. */
export class Steps {
  constructor(private readonly clients: Readonly<Record<string, TestClient>>) {}

  private client(name: string): TestClient {
    const c = this.clients[name];
    if (!c) throw new Error(`no test client ${name}`);
    return c;
  }

  /** A SOLICIT (IA_NA, plus IA_PD for some clients) asking for every configured option. */
  solicit(name: string, v: Variation = {}): Step {
    const c = this.client(name);
    const relay = v.relay ?? c.relay;
    return {
      name: `SOLICIT ${name}${v.note ? ` (${v.note})` : ''}`,
      key: name,
      build: () => ({
        type: MessageType.SOLICIT,
        tid: nextTid(),
        client: v.as ?? c.client,
        iaNa: [{ iaid: 1 }],
        ...(c.pd ? { iaPd: [{ iaid: 2 }] } : {}),
        oro: REQUESTED,
        ...(relay ? { relay } : {}),
      }),
    };
  }

  /**
   * REQUEST, RENEW or REBIND of what the client's last kept reply granted. A client the server
   * never answered names `fallbackHint` and the server-id of the `serverIdFrom` client's reply.
   */
  follow(
    type: number,
    name: string,
    v: Variation = {},
    fallbackHint = '2001:db8:1::4ff',
    serverIdFrom = 'plain',
  ): Step {
    const c = this.client(name);
    const relay = v.relay ?? c.relay;
    return {
      name: `${TYPE_NAMES[type]} ${name}${v.note ? ` (${v.note})` : ''}`,
      key: name,
      needs: [name, serverIdFrom],
      build: (replies) => {
        const last = replies.get(name);
        const serverId = (last ?? replies.get(serverIdFrom))?.options.find((o) => o.code === 2);
        const { na, pd } = last ? granted(last) : { na: [fallbackHint], pd: [] };
        return {
          type,
          tid: nextTid(),
          client: v.as ?? c.client,
          // REBIND and CONFIRM go to any server: they carry no server-id.
          ...(serverId?.kind === 'raw' && type !== MessageType.REBIND && type !== MessageType.CONFIRM
            ? { serverId: serverId.data }
            : {}),
          iaNa: [{ iaid: 1, hints: na, ...v.wish }],
          ...(c.pd ? { iaPd: [{ iaid: 2, hints: pd }] } : {}),
          oro: REQUESTED,
          ...(relay ? { relay } : {}),
        };
      },
    };
  }

  informationRequest(name: string, v: Variation = {}): Step {
    const c = this.client(name);
    const relay = v.relay ?? c.relay;
    return {
      name: `INFORMATION-REQUEST ${name}${v.note ? ` (${v.note})` : ''}`,
      key: name,
      record: false,
      build: () => ({
        type: MessageType.INFORMATION_REQUEST,
        tid: nextTid(),
        client: v.as ?? c.client,
        oro: REQUESTED,
        ...(relay ? { relay } : {}),
      }),
    };
  }
}

/** One step's two answers, as compared. */
export interface Compared {
  step: string;
  kea: unknown;
  nestor: unknown;
  same: boolean;
}

/** Runs steps on both servers, keeping each side's replies for the steps that follow. */
export class Differential {
  private readonly replies = {
    kea: new Map<string, ClientServerMessage>(),
    nestor: new Map<string, ClientServerMessage>(),
  };

  /**
   * `summary` reduces one answer for comparison (default: summarise with the pool labeler);
   * it also gets the message that was sent, for comparisons relative to it (hints honoured).
   */
  constructor(
    readonly twins: TwinServers,
    label: PoolLabeler,
    private readonly summary: (reply: Uint8Array | undefined, sent: Uint8Array) => unknown = (reply) =>
      summarise(reply, label),
  ) {}

  /**
   * Runs the steps in order. They go out in batches (one exchange program run per side and
   * batch); a step built from the reply to an earlier step of the same batch starts a new one.
   */
  async run(steps: readonly Step[]): Promise<Compared[]> {
    const results: Compared[] = [];
    let batch: Step[] = [];
    const answered = new Set<string>();
    for (const s of steps) {
      if (s.needs?.some((key) => answered.has(key))) {
        results.push(...(await this.runBatch(batch)));
        batch = [];
        answered.clear();
      }
      batch.push(s);
      if (s.record !== false) answered.add(s.key);
    }
    if (batch.length > 0) results.push(...(await this.runBatch(batch)));
    return results;
  }

  private async runBatch(steps: readonly Step[]): Promise<Compared[]> {
    const keaPackets = steps.map((s) => packetOf(s.build(this.replies.kea)));
    const nestorPackets = steps.map((s) => packetOf(s.build(this.replies.nestor)));
    const got = await this.twins.exchange(keaPackets, nestorPackets);
    return steps.map((s, i) => {
      const compared = (side: 'kea' | 'nestor', sent: Uint8Array): unknown => {
        const bytes = got[side][i];
        const summary = this.summary(bytes, sent);
        if (!s.gotHint || !bytes) return summary;
        const hint = firstHint(innerReply(sent));
        return { summary, gotHint: hint !== undefined && granted(innerReply(bytes)).na[0] === hint };
      };
      const kea = compared('kea', keaPackets[i]!);
      const nestor = compared('nestor', nestorPackets[i]!);
      if (s.record !== false) {
        for (const side of ['kea', 'nestor'] as const) {
          const bytes = got[side][i];
          if (bytes) this.replies[side].set(s.key, innerReply(bytes));
        }
      }
      return { step: s.name, kea, nestor, same: JSON.stringify(kea) === JSON.stringify(nestor) };
    });
  }
}

/** The differing steps, readable (empty when all agree). */
export function differences(results: readonly Compared[]): string {
  return results
    .filter((r) => !r.same)
    .map((r) => `${r.step}\n  Kea:    ${JSON.stringify(r.kea)}\n  Nestor: ${JSON.stringify(r.nestor)}`)
    .join('\n');
}
