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
  const wire = new Uint8Array(4 + option.encoded.length);
  wire[0] = option.code >> 8;
  wire[1] = option.code & 0xff;
  wire[2] = option.encoded.length >> 8;
  wire[3] = option.encoded.length & 0xff;
  wire.set(option.encoded, 4);
  return {
    code: option.code,
    wire,
    option: { kind: 'raw', code: option.code, data: wire.subarray(4) },
    alwaysSend: option.alwaysSend,
  };
}

/** A scope's options by code (all instances of a code, in configuration order). */
export type OptionLayer = ReadonlyMap<number, readonly WireOption[]>;

const VENDOR_OPTS = 17;

/**
 * vendor-opts (17) carries the options of its vendor's space (`vendor-<enterprise>`) configured
 * in the same scope, in ascending code order, as Kea packs them.
 */
function withVendorSubOptions(option: OptionData6, scope: readonly OptionData6[]): OptionData6 {
  if (option.code !== VENDOR_OPTS || option.encoded.length < 4) return option;
  const e = option.encoded;
  const enterprise = ((e[0]! << 24) | (e[1]! << 16) | (e[2]! << 8) | e[3]!) >>> 0;
  const subs = scope.filter((o) => o.space === `vendor-${enterprise}`).sort((a, b) => a.code - b.code);
  if (subs.length === 0) return option;
  const parts = subs.map((sub) => toWire(sub).wire);
  const encoded = new Uint8Array(e.length + parts.reduce((n, p) => n + p.length, 0));
  encoded.set(e, 0);
  let at = e.length;
  for (const p of parts) {
    encoded.set(p, at);
    at += p.length;
  }
  return { ...option, encoded };
}

export function layerOf(options: readonly OptionData6[]): OptionLayer {
  const layer = new Map<number, WireOption[]>();
  for (const option of options) {
    if (option.space !== 'dhcp6' || SERVER_OWNED.has(option.code)) continue;
    const wire = toWire(withVendorSubOptions(option, options));
    const list = layer.get(option.code);
    if (list) list.push(wire);
    else layer.set(option.code, [wire]);
  }
  return layer;
}

const EMPTY: OptionLayer = new Map();

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
    scope: { subnet?: Subnet6; host?: Reservation6; pools?: readonly object[]; classes?: readonly string[] },
  ): WireOption[] {
    const layers: OptionLayer[] = [];
    if (scope.host) layers.push(this.hostLayer(scope.host));
    for (const pool of scope.pools ?? []) layers.push(this.poolLayers.get(pool) ?? EMPTY);
    if (scope.subnet) layers.push(this.subnetLayers.get(scope.subnet.id) ?? EMPTY);
    for (const name of scope.classes ?? []) layers.push(this.classLayers.get(name) ?? EMPTY);
    layers.push(this.global);

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
