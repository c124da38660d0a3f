/** Lease rows written with plain SQL in either dialect: what a server (ISC's or Nestor's) would store. */
import type { Backend } from './helpers.js';

export interface Lease6Row {
  address: string;
  duid: string | null;
  valid: number | null;
  expire: number | null;
  subnet: number;
  pref: number | null;
  type: number;
  iaid: number | null;
  prefixLen: number | null;
  fwd: boolean | null;
  rev: boolean | null;
  hostname: string | null;
  hwaddr: string | null;
  hwtype: number | null;
  hwsource: number | null;
  state: number;
  context: string | null;
}

function text(backend: Backend, value: string | null): string {
  if (value === null) return 'NULL';
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "''")
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
  return backend === 'mysql' ? `'${escaped}'` : `E'${escaped}'`;
}
const hex = (b: Backend, v: string | null) =>
  v === null ? 'NULL' : b === 'mysql' ? `UNHEX('${v}')` : `decode('${v}', 'hex')`;
const time = (b: Backend, v: number | null) =>
  v === null ? 'NULL' : b === 'mysql' ? `FROM_UNIXTIME(${v})` : `to_timestamp(${v})`;
const bool = (b: Backend, v: boolean | null) =>
  v === null ? 'NULL' : b === 'mysql' ? (v ? '1' : '0') : String(v);
const num = (v: number | null) => (v === null ? 'NULL' : String(v));
/** lease6.iaid is INT UNSIGNED in MySQL and a (signed) integer in PostgreSQL, as Kea stores it. */
const iaid = (b: Backend, v: number | null) =>
  v === null ? 'NULL' : b === 'pgsql' && v > 2 ** 31 - 1 ? String(v - 2 ** 32) : String(v);

export function insertLease6(backend: Backend, l: Lease6Row): string {
  return `INSERT INTO lease6 (address, duid, valid_lifetime, expire, subnet_id, pref_lifetime, lease_type, iaid,
            prefix_len, fqdn_fwd, fqdn_rev, hostname, hwaddr, hwtype, hwaddr_source, state, user_context)
          VALUES (${text(backend, l.address)}, ${hex(backend, l.duid)}, ${num(l.valid)}, ${time(backend, l.expire)},
            ${l.subnet}, ${num(l.pref)}, ${l.type}, ${iaid(backend, l.iaid)}, ${num(l.prefixLen)}, ${bool(backend, l.fwd)},
            ${bool(backend, l.rev)}, ${text(backend, l.hostname)}, ${hex(backend, l.hwaddr)}, ${num(l.hwtype)},
            ${num(l.hwsource)}, ${l.state}, ${text(backend, l.context)});`;
}

export function quote(backend: Backend, value: string | null): string {
  return text(backend, value);
}

/** Varied leases: a prefix, commas and tabs in names, client classes and commas in user context, NULLs. */
export const VARIED_LEASES: Lease6Row[] = [
  {
    address: '2001:db8:1::10',
    duid: '000100011a2b3c4d00112233aabb',
    valid: 3600,
    expire: 1_800_000_000,
    subnet: 1,
    pref: 1800,
    type: 0,
    iaid: 17,
    prefixLen: 128,
    fwd: true,
    rev: true,
    hostname: 'host,with,commas.example.com.',
    hwaddr: '001122aabbcc',
    hwtype: 1,
    hwsource: 4,
    state: 0,
    context: '{ "ISC": { "client-classes": [ "gold", "ALL" ] }, "note": "a, b" }',
  },
  {
    address: '2001:db8:2::',
    duid: '0a0b',
    valid: 7200,
    expire: 1_800_000_100,
    subnet: 2,
    pref: 3600,
    type: 2,
    iaid: 4_294_967_295,
    prefixLen: 56,
    fwd: false,
    rev: false,
    hostname: '',
    hwaddr: null,
    hwtype: null,
    hwsource: null,
    state: 1,
    context: null,
  },
  {
    address: '2001:db8:1::11',
    duid: '01',
    valid: 0,
    expire: 1_800_000_200,
    subnet: 1,
    pref: 0,
    type: 0,
    iaid: 0,
    prefixLen: 128,
    fwd: false,
    rev: true,
    hostname: null,
    hwaddr: null,
    hwtype: null,
    hwsource: 0,
    state: 2,
    context: '',
  },
  {
    address: '2001:db8:1::12',
    duid: null,
    valid: null,
    expire: null,
    subnet: 3,
    pref: null,
    type: 0,
    iaid: null,
    prefixLen: null,
    fwd: null,
    rev: null,
    hostname: 'tab\there\nnewline\\back',
    hwaddr: null,
    hwtype: null,
    hwsource: null,
    state: 0,
    context: '{"x": "quote\\"d", "ISC": {"client-classes": ["silver"]}}',
  },
  {
    address: '2001:db8:3:ff00::',
    duid: 'deadbeef00',
    valid: 4000,
    expire: 1_800_000_300,
    subnet: 3,
    pref: 2000,
    type: 2,
    iaid: 9,
    prefixLen: 60,
    fwd: true,
    rev: false,
    hostname: 'pd.example.org.',
    hwaddr: 'a0b0c0d0e0f0',
    hwtype: 1,
    hwsource: 1,
    state: 0,
    context: '{ "ISC": { "client-classes": [ "gold" ] } }',
  },
];
