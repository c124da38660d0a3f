import type { Dhcp6Option } from '@nestor/codec';
import type { Dhcp6Config, OptionData6, Reservation6, Subnet6 } from '@nestor/config';

/**
 * One configured option ready to send: its code, complete wire bytes (header included), and the
 * same as a raw option of the codec's model for a reply (built once per configuration and
 * shared by every reply: replace it in a reply rather than change it).
 */
export interface WireOption {
  code: number;
  wire: Uint8Array;
  option: Dhcp6Option;
  alwaysSend: boolean;
}

/** Codes the server writes itself; configured data for them is never copied into a reply. */
const SERVER_OWNED = new Set([1, 2, 3, 4, 5, 9, 13, 14, 25, 26, 39]);

function toWire(option: OptionData6): WireOption {
  const payload = option.encapsulated ?? option.encoded;
  const wire = new Uint8Array(4 + payload.length);
  wire[0] = option.code >> 8;
  wire[1] = option.code & 0xff;
  wire[2] = payload.length >> 8;
  wire[3] = payload.length & 0xff;
  wire.set(payload, 4);
  return {
    code: option.code,
    wire,
    option: { kind: 'raw', code: option.code, data: wire.subarray(4) },
    alwaysSend: option.alwaysSend,
  };
}

/** A scope's options by code (all instances of a code, in configuration order). */
export type OptionLayer = ReadonlyMap<number, readonly WireOption[]>;

export function layerOf(options: readonly OptionData6[]): OptionLayer {
  const layer = new Map<number, WireOption[]>();
  for (const option of options) {
    if (option.space !== 'dhcp6' || SERVER_OWNED.has(option.code)) continue;
    const wire = toWire(option);
    const list = layer.get(option.code);
    if (list) list.push(wire);
    else layer.set(option.code, [wire]);
  }
  return layer;
}

const EMPTY: OptionLayer = new Map();

/** Remembered selections (see OptionPlan.select); past this many the memory starts afresh. */
const MAX_SELECTIONS = 4096;

/**
 * The configured options of every scope, encoded once per configuration, and the choice of
 * what a reply carries: the codes the client asked for in its ORO plus those marked always-send,
 * each taken from the most specific scope that has it (host > pool > subnet > shared network >
 * class > global), in ascending code order as Kea sends them.
 */
export class OptionPlan {
  private readonly subnetLayers = new Map<number, OptionLayer>();
  private readonly poolLayers = new WeakMap<object, OptionLayer>();
  private readonly hostLayers = new WeakMap<Reservation6, OptionLayer>();
  private readonly classLayers = new Map<string, OptionLayer>();
  private readonly global: OptionLayer;
  /** Whether the unicast option (12) is configured in any scope: clients may then send by unicast. */
  private readonly unicast: boolean;

  constructor(config: Dhcp6Config) {
    this.global = layerOf(config.options);
    const networks = new Map(config.sharedNetworks.map((n) => [n.name, layerOf(n.options)]));
    for (const subnet of config.subnets) {
      // Subnet over shared network, merged once: the per-packet walk has one layer fewer.
      const merged = new Map(subnet.sharedNetwork ? (networks.get(subnet.sharedNetwork) ?? EMPTY) : EMPTY);
      for (const [code, list] of layerOf(subnet.options)) merged.set(code, list);
      this.subnetLayers.set(subnet.id, merged);
      for (const pool of [...subnet.pools, ...subnet.pdPools])
        this.poolLayers.set(pool, layerOf(pool.options));
      for (const r of subnet.reservations) this.hostLayers.set(r, layerOf(r.options));
    }
    for (const r of config.globalReservations) this.hostLayers.set(r, layerOf(r.options));
    for (const c of config.clientClasses) this.classLayers.set(c.name, layerOf(c.options));
    const UNICAST = 12;
    this.unicast =
      config.options.some((o) => o.code === UNICAST) ||
      config.sharedNetworks.some((n) => n.options.some((o) => o.code === UNICAST)) ||
      config.subnets.some((s) => s.options.some((o) => o.code === UNICAST));
  }

  /** A host's layer: made with the configuration, or now for a host read from a hosts database. */
  private hostLayer(host: Reservation6): OptionLayer {
    let layer = this.hostLayers.get(host);
    if (!layer) {
      layer = layerOf(host.options);
      this.hostLayers.set(host, layer);
    }
    return layer;
  }

  offersUnicast(): boolean {
    return this.unicast;
  }

  /**
   * The options for a reply. `pools` are the pools the client's leases came from; `classes` the
   * client's classes in order.
   */
  select(
    requested: readonly number[],
    scope: {
      subnet?: Subnet6 | undefined;
      host?: Reservation6 | undefined;
      pools?: readonly object[] | undefined;
      classes?: readonly string[] | undefined;
    },
  ): readonly WireOption[] {
    // Scopes without options change nothing and are left out; what is left, with the codes
    // asked for, names the answer, which is worked out once and then reused (the same few
    // scope and ORO combinations repeat for every client).
    const layers: OptionLayer[] = [];
    const add = (layer: OptionLayer | undefined): void => {
      if (layer !== undefined && layer.size > 0) layers.push(layer);
    };
    if (scope.host) add(this.hostLayer(scope.host));
    if (scope.pools) for (const pool of scope.pools) add(this.poolLayers.get(pool));
    if (scope.subnet) add(this.subnetLayers.get(scope.subnet.id));
    if (scope.classes) for (const name of scope.classes) add(this.classLayers.get(name));
    add(this.global);
    let key = '';
    for (const layer of layers) key += `${this.layerId(layer)}.`;
    key += '|';
    for (const code of requested) key += `${code},`;
    const known = this.selections.get(key);
    if (known) return known;
    const chosen = this.choose(requested, layers);
    if (this.selections.size >= MAX_SELECTIONS) this.selections.clear();
    this.selections.set(key, chosen);
    return chosen;
  }

  /** Answers by scope layers and requested codes (see select). */
  private readonly selections = new Map<string, readonly WireOption[]>();
  private readonly layerIds = new WeakMap<OptionLayer, number>();
  private nextLayerId = 0;

  private layerId(layer: OptionLayer): number {
    let id = this.layerIds.get(layer);
    if (id === undefined) {
      id = this.nextLayerId++;
      this.layerIds.set(layer, id);
    }
    return id;
  }

  /** The options of the codes asked for and those always sent, each from the first layer that has it. */
  private choose(requested: readonly number[], layers: readonly OptionLayer[]): readonly WireOption[] {
    const wanted = new Set(requested);
    for (const layer of layers)
      for (const [code, list] of layer) if (list.some((o) => o.alwaysSend)) wanted.add(code);
    const out: WireOption[] = [];
    for (const code of [...wanted].sort((a, b) => a - b)) {
      if (SERVER_OWNED.has(code)) continue;
      for (const layer of layers) {
        const list = layer.get(code);
        if (list) {
          out.push(...list);
          break;
        }
      }
    }
    return out;
  }
}
