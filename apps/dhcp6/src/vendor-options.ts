import { decodeRawOptions, isCodecError, OptionCode } from '@nestor/codec';
import type { Dhcp6Config, OptionData6, Reservation6, Subnet6 } from '@nestor/config';
import type { Exchange } from './packet/exchange.js';
import { rawOption } from './packet/reply.js';

/** One configured vendor sub-option: its complete wire bytes and whether it is sent always. */
interface VendorSubOption {
  code: number;
  wire: Uint8Array;
  alwaysSend: boolean;
}

/** One scope's vendor options: enterprise number → code → the first one configured. */
type VendorLayer = ReadonlyMap<number, ReadonlyMap<number, VendorSubOption>>;

/** The scopes a reply's options come from (as OptionPlan.select takes them). */
export interface VendorScope {
  subnet?: Subnet6;
  host?: Reservation6;
  pools?: readonly object[];
  classes?: readonly string[];
}

const CABLELABS = 4491;
/** The ORO inside CableLabs' vendor-opts (docsis3-v6 / vendor-4491 option 1). */
const DOCSIS_ORO = 1;
const EMPTY: VendorLayer = new Map();

function u32(data: Uint8Array, at = 0): number {
  return ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0;
}

function vendorLayerOf(options: readonly OptionData6[]): VendorLayer {
  const layer = new Map<number, Map<number, VendorSubOption>>();
  for (const option of options) {
    const match = /^vendor-(\d+)$/.exec(option.space);
    if (!match) continue;
    const enterprise = Number(match[1]);
    let codes = layer.get(enterprise);
    if (!codes) {
      codes = new Map();
      layer.set(enterprise, codes);
    }
    // Kea's CfgOption::get(vendor, code) finds the first one configured.
    if (codes.has(option.code)) continue;
    const payload = option.encapsulated ?? option.encoded;
    const wire = new Uint8Array(4 + payload.length);
    wire.set([option.code >> 8, option.code & 0xff, payload.length >> 8, payload.length & 0xff]);
    wire.set(payload, 4);
    codes.set(option.code, { code: option.code, wire, alwaysSend: option.alwaysSend });
  }
  return layer;
}

/**
 * Vendor-specific options (option 17) as Kea 2.2's appendRequestedVendorOptions adds them, after
 * the ORO's options: the vendor is the one of a vendor-opts already in the reply, else of the
 * client's vendor-opts, else of its vendor-class; the codes are those of the ORO inside the
 * client's vendor-opts (CableLabs, 4491, only, and only when the reply had no vendor-opts yet)
 * plus every always-send option of that vendor's space in the scopes of the reply; each is taken
 * from the most specific scope that has it. They go into the reply's vendor-opts, a new one when
 * it has none, sub-options in ascending code order. Nothing without a selected subnet.
 */
export class VendorOptionPlan {
  private readonly subnetLayers = new Map<number, VendorLayer[]>();
  private readonly poolLayers = new WeakMap<object, VendorLayer>();
  private readonly hostLayers = new WeakMap<Reservation6, VendorLayer>();
  private readonly classLayers = new Map<string, VendorLayer>();
  private readonly global: VendorLayer;
  /** No vendor-space option configured anywhere: the common case, nothing to do per reply. */
  private readonly none: boolean;

  constructor(config: Dhcp6Config) {
    let count = 0;
    const layer = (options: readonly OptionData6[]): VendorLayer => {
      const built = vendorLayerOf(options);
      count += built.size;
      return built;
    };
    this.global = layer(config.options);
    const networks = new Map(config.sharedNetworks.map((n) => [n.name, layer(n.options)]));
    for (const subnet of config.subnets) {
      const network = subnet.sharedNetwork ? networks.get(subnet.sharedNetwork) : undefined;
      this.subnetLayers.set(subnet.id, [layer(subnet.options), ...(network ? [network] : [])]);
      for (const pool of [...subnet.pools, ...subnet.pdPools]) this.poolLayers.set(pool, layer(pool.options));
      for (const r of subnet.reservations) this.hostLayers.set(r, layer(r.options));
    }
    for (const r of config.globalReservations) this.hostLayers.set(r, layer(r.options));
    for (const c of config.clientClasses) this.classLayers.set(c.name, layer(c.options));
    this.none = count === 0;
  }

  /** Adds the vendor options the reply gets (see the class comment). */
  add(x: Exchange, scope: VendorScope): void {
    const reply = x.reply;
    if (this.none || !reply || !x.subnet) return;
    const layers = this.layers(scope);
    const options = x.query.message.options;

    const inReply = reply.options.findIndex((o) => o.code === OptionCode.VENDOR_OPTS);
    const replyVendor = inReply >= 0 ? reply.options[inReply]! : undefined;
    const replyData = replyVendor?.kind === 'raw' ? replyVendor.data : undefined;
    let vendor = replyData && replyData.length >= 4 ? u32(replyData) : 0;
    let asked: readonly { code: number; data: Uint8Array }[] | undefined;
    if (vendor === 0) {
      const request = options.find((o) => o.code === OptionCode.VENDOR_OPTS);
      if (request?.kind === 'vendor_opts') {
        vendor = request.enterpriseNumber;
        asked = request.options;
      }
    }
    if (vendor === 0) {
      const vendorClass = options.find((o) => o.code === OptionCode.VENDOR_CLASS);
      if (vendorClass?.kind === 'raw' && vendorClass.data.length >= 4) vendor = u32(vendorClass.data);
    }
    if (vendor === 0) return;

    const requested: number[] = [];
    if (vendor === CABLELABS && asked) {
      const oro = asked.find((o) => o.code === DOCSIS_ORO);
      if (oro && oro.data.length % 2 === 0)
        for (let i = 0; i < oro.data.length; i += 2) requested.push((oro.data[i]! << 8) | oro.data[i + 1]!);
    }
    for (const layer of layers)
      for (const sub of layer.get(vendor)?.values() ?? []) if (sub.alwaysSend) requested.push(sub.code);
    if (requested.length === 0) return;

    // The sub-options of the reply's vendor-opts so far (none for a new one).
    let present: { code: number; wire: Uint8Array }[] = [];
    if (replyData && replyData.length > 4) {
      try {
        present = decodeRawOptions(replyData.subarray(4)).map((o) => ({ code: o.code, wire: rawWire(o) }));
      } catch (error) {
        if (!isCodecError(error)) throw error;
        return;
      }
    }
    const before = present.length;
    for (const code of requested) {
      if (present.some((p) => p.code === code)) continue;
      for (const layer of layers) {
        const sub = layer.get(vendor)?.get(code);
        if (sub) {
          present.push(sub);
          break;
        }
      }
    }
    if (present.length === before) return;
    // Kea keeps sub-options by code: they go out in ascending code order.
    const subs = present.map((p, i) => ({ p, i })).sort((a, b) => a.p.code - b.p.code || a.i - b.i);
    const length = 4 + subs.reduce((n, { p }) => n + p.wire.length, 0);
    const data = new Uint8Array(length);
    data.set([(vendor >>> 24) & 0xff, (vendor >> 16) & 0xff, (vendor >> 8) & 0xff, vendor & 0xff]);
    let at = 4;
    for (const { p } of subs) {
      data.set(p.wire, at);
      at += p.wire.length;
    }
    const option = rawOption(OptionCode.VENDOR_OPTS, data);
    if (inReply >= 0) reply.options[inReply] = option;
    else reply.options.push(option);
  }

  /** The scopes' vendor layers, most specific first (host, pools, subnet, shared network, classes, global). */
  private layers(scope: VendorScope): VendorLayer[] {
    const out: VendorLayer[] = [];
    if (scope.host) out.push(this.hostLayers.get(scope.host) ?? EMPTY);
    for (const pool of scope.pools ?? []) out.push(this.poolLayers.get(pool) ?? EMPTY);
    if (scope.subnet) out.push(...(this.subnetLayers.get(scope.subnet.id) ?? []));
    for (const name of scope.classes ?? []) out.push(this.classLayers.get(name) ?? EMPTY);
    out.push(this.global);
    return out;
  }
}

function rawWire(o: { code: number; data: Uint8Array }): Uint8Array {
  const wire = new Uint8Array(4 + o.data.length);
  wire.set([o.code >> 8, o.code & 0xff, o.data.length >> 8, o.data.length & 0xff]);
  wire.set(o.data, 4);
  return wire;
}
