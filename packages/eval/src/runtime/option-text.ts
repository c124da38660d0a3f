/**
 * option[..].text: Kea's Option::toString(), which is the value itself for a string option
 * and the option object's toText() for everything else. Kea picks the option class from the
 * definition (OptionDefinition::optionFactory), and every class prints itself its own way:
 *
 *   generic (binary, undefined)  type=00018, len=00004: 65:74:68:30
 *   OptionInt                    type=00008, len=00002: 0 (uint16)
 *   OptionIntArray               type=00006, len=00004: 23(uint16) 24(uint16)
 *   OptionString (toText)        type=00002, len=00003: "ECM" (string)
 *   OptionCustom (records...)    type=00037, len=00010: 4491 (uint32) 001122334455 (binary)
 *   Option6AddrLst               type=00023, len=00032: 2001:db8::1 2001:db8::2
 *   Option4AddrLst               type=237, len=008: 192.0.2.1 10.0.0.1
 *   OptionOpaqueDataTuples       type=232, len=10, data-len0=3, data0='abc'
 *   IA_NA/IA_PD, IAADDR, IAPREFIX, status-code, vendor-opts, vendor-class, client-fqdn:
 *   their own formats, with sub-options listed (in code order) after ",\noptions:".
 *
 * Each format here was read off kea-dhcp6 2.2's evaluation debug log; the kea-eval test
 * compares them with Kea on live packets. Oddities are Kea's own: an ipv6-prefix field prints
 * as nothing, an ipv4-address array uses the DHCPv4 header widths.
 */
import { decodeDomainName, type OptionDefinition, type OptionDefinitionRegistry } from '@nestor/codec';
import { fieldText, INTEGER_SIZES, integer, ipv4, ipv6, Malformed, u32 } from './option-layout.js';
import { bytesToLatin1, trimTrailingNuls } from './values.js';

const STATUS_NAMES = [
  'Success',
  'UnspecFail',
  'NoAddrsAvail',
  'NoBinding',
  'NotOnLink',
  'UseMulticast',
  'NoPrefixAvail',
  'UnknownQueryType',
  'MalformedQuery',
  'NotConfigured',
  'NotAllowed',
];

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function header(indent: number, code: number, length: number, typeName = '', width = 5): string {
  return `${' '.repeat(indent)}type=${pad(code, width)}${typeName ? `(${typeName})` : ''}, len=${pad(length, width)}`;
}

/** Kea's hex in generic option text: lowercase pairs separated by ':'. */
const colonHex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');

/** Sub-options as Kea unpacks them: until the data runs out or an option is truncated. */
function parseOptions(bytes: Uint8Array): Array<{ code: number; data: Uint8Array }> {
  const out: Array<{ code: number; data: Uint8Array }> = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const code = (bytes[at]! << 8) | bytes[at + 1]!;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (at + 4 + length > bytes.length) break;
    out.push({ code, data: bytes.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return out;
}

export class OptionTextFormatter {
  constructor(private readonly definitions: OptionDefinitionRegistry) {}

  /** option[..].text of the option `code` of `space` whose payload (as .hex) is `payload`. */
  toString(code: number, payload: Uint8Array, space: string): string {
    const definition = space ? this.definitions.getByCode(space, code) : undefined;
    if (definition?.type === 'string' && !definition.array && !this.special(definition, space)) {
      return bytesToLatin1(trimTrailingNuls(payload));
    }
    return this.toText(code, payload, space, 0);
  }

  private special(definition: OptionDefinition, space: string): boolean {
    return (
      space === 'dhcp6' && definition.standard && [3, 5, 13, 16, 17, 25, 26, 39].includes(definition.code)
    );
  }

  /** Option::suboptionsToText: ",\noptions:" and each sub-option's text on its own line. */
  private subOptions(bytes: Uint8Array, space: string, indent: number): string {
    const options = parseOptions(bytes).sort((a, b) => a.code - b.code);
    if (options.length === 0) return '';
    return `,\noptions:${options.map((o) => `\n${this.toText(o.code, o.data, space, indent)}`).join('')}`;
  }

  toText(code: number, payload: Uint8Array, space: string, indent: number): string {
    const definition = space ? this.definitions.getByCode(space, code) : undefined;
    try {
      if (definition) return this.typed(definition, payload, space, indent);
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      // Kea would have refused the packet; show the bytes.
    }
    return `${header(indent, code, payload.length)}: ${colonHex(payload)}`;
  }

  private typed(def: OptionDefinition, bytes: Uint8Array, space: string, indent: number): string {
    const code = def.code;
    if (this.special(def, space)) return this.specialText(code, bytes, indent);
    const head = header(indent, code, bytes.length);
    const size = INTEGER_SIZES[def.type];
    if (size !== undefined) {
      if (def.array) {
        let text = `${head}:`;
        for (let at = 0; at + size <= bytes.length; at += size)
          text += ` ${integer(bytes, at, def.type)}(${def.type})`;
        return text;
      }
      return `${head}: ${integer(bytes, 0, def.type)} (${def.type})${this.subOptions(bytes.subarray(size), def.encapsulate, indent + 2)}`;
    }
    switch (def.type) {
      case 'empty':
        // factoryEmpty() keeps no data; with an encapsulated space it is an OptionCustom.
        if (!def.encapsulate) return `${header(indent, code, 0)}: `;
        return `${head}:${this.subOptions(bytes, def.encapsulate, indent + 2)}`;
      case 'binary':
        return `${head}: ${colonHex(bytes)}`;
      case 'string':
        return `${header(indent, code, trimTrailingNuls(bytes).length)}: "${bytesToLatin1(trimTrailingNuls(bytes))}" (string)`;
      case 'ipv6-address':
        if (def.array) return this.addressList(head, bytes, 16);
        break;
      case 'ipv4-address':
        if (def.array) return this.addressList(header(indent, code, bytes.length, '', 3), bytes, 4);
        break;
      case 'tuple':
        if (def.array)
          return this.tuples(`${' '.repeat(indent)}type=${code}, len=${bytes.length}`, bytes, 'data');
        break;
    }
    return this.custom(def, head, bytes, indent);
  }

  private addressList(head: string, bytes: Uint8Array, width: number): string {
    if (bytes.length % width !== 0) throw new Malformed();
    let text = `${head}:`;
    for (let at = 0; at < bytes.length; at += width)
      text += ` ${width === 4 ? ipv4(bytes, at) : ipv6(bytes, at)}`;
    return text;
  }

  /** OptionOpaqueDataTuples / OptionVendorClass: ", data-lenN=.., <label>N='..'" per tuple. */
  private tuples(head: string, bytes: Uint8Array, label: string, from = 0): string {
    let text = head;
    let at = from;
    for (let i = 0; at < bytes.length; i++) {
      if (at + 2 > bytes.length) throw new Malformed();
      const length = (bytes[at]! << 8) | bytes[at + 1]!;
      if (at + 2 + length > bytes.length) throw new Malformed();
      text += `, data-len${i}=${length}, ${label}${i}='${bytesToLatin1(bytes.subarray(at + 2, at + 2 + length))}'`;
      at += 2 + length;
    }
    return text;
  }

  /** OptionCustom: every field as "value (type)", then the encapsulated sub-options. */
  private custom(def: OptionDefinition, head: string, bytes: Uint8Array, indent: number): string {
    const types = def.type === 'record' ? def.recordTypes : [def.type];
    let text = `${head}:`;
    let at = 0;
    const take = (type: string, last: boolean) => {
      const [field, used] = fieldText(type, bytes, at, last);
      text += ` ${field}`;
      at += used;
    };
    types.forEach((type, i) => {
      take(type, i === types.length - 1 && !def.encapsulate);
    });
    if (def.array) while (at < bytes.length) take(types[types.length - 1]!, true);
    if (def.encapsulate) text += this.subOptions(bytes.subarray(at), def.encapsulate, indent + 2);
    else if (at !== bytes.length) throw new Malformed();
    return text;
  }

  /** The dhcp6 options Kea builds with dedicated classes. */
  private specialText(code: number, bytes: Uint8Array, indent: number): string {
    switch (code) {
      case 3:
      case 25: {
        const head = header(indent, code, bytes.length, code === 3 ? 'IA_NA' : 'IA_PD');
        const fields = `iaid=${u32(bytes, 0)}, t1=${u32(bytes, 4)}, t2=${u32(bytes, 8)}`;
        return `${head}: ${fields}${this.subOptions(bytes.subarray(12), 'dhcp6', indent + 2)}`;
      }
      case 5: {
        const head = header(indent, code, bytes.length, 'IAADDR');
        const fields = `address=${ipv6(bytes, 0)}, preferred-lft=${u32(bytes, 16)}, valid-lft=${u32(bytes, 20)}`;
        return `${head}: ${fields}${this.subOptions(bytes.subarray(24), 'dhcp6', indent + 2)}`;
      }
      case 26: {
        if (bytes.length < 25) throw new Malformed();
        const head = header(indent, code, bytes.length, 'IAPREFIX');
        const fields = `prefix=${ipv6(bytes, 9)}/${bytes[8]}, preferred-lft=${u32(bytes, 0)}, valid-lft=${u32(bytes, 4)}`;
        return `${head}: ${fields}${this.subOptions(bytes.subarray(25), 'dhcp6', indent + 2)}`;
      }
      case 13: {
        const status = integer(bytes, 0, 'uint16');
        const message = bytes.length > 2 ? `"${bytesToLatin1(bytes.subarray(2))}"` : '(no status message)';
        return `${header(indent, code, bytes.length)}: ${STATUS_NAMES[status] ?? '(unknown status code)'}(${status}) ${message}`;
      }
      case 16: {
        const enterprise = u32(bytes, 0);
        const head = `${' '.repeat(indent)}type=16, len=${bytes.length},  enterprise id=0x${enterprise.toString(16)}`;
        return this.tuples(head, bytes, 'vendor-class-data', 4);
      }
      case 17: {
        const enterprise = u32(bytes, 0);
        const head = header(indent, code, bytes.length);
        return `${head}: ${enterprise} (uint32)${this.subOptions(bytes.subarray(4), `vendor-${enterprise}`, indent + 2)}`;
      }
      default: {
        // 39, client-fqdn
        if (bytes.length < 1) throw new Malformed();
        const flags = bytes[0]!;
        const decoded = decodeDomainName(bytes, 1, bytes.length, true);
        if (typeof decoded === 'string') throw new Malformed();
        const name = decoded.names[0] ?? '';
        const kind = decoded.partial || name === '' ? 'partial' : 'full';
        const flagText = `N=${(flags >> 2) & 1}, O=${(flags >> 1) & 1}, S=${flags & 1}`;
        return `${' '.repeat(indent)}type=39(CLIENT_FQDN), flags: (${flagText}), domain-name='${name}' (${kind})`;
      }
    }
  }
}
