import type { ConflictResolutionMode } from '@nestor/ncr';
import { RCODE, RR_TYPE } from '../dns/constants.js';
import { type ResourceRecord, rr } from '../dns/message.js';

/**
 * The DNS updates of each kind of request, as Kea's D2 sends them (NameAddTransaction,
 * NameRemoveTransaction, the Simple* ones and Kea 2.6's CheckExists* and *WithoutDHCID ones).
 * A direction is a list of steps; each step is one UPDATE and what its rcode leads to. Every
 * step starts on the server chosen for the direction; after three I/O failures (timeout, no
 * usable answer) a step moves on to the domain's next server, from the direction's first step,
 * or fails the request, as Kea's does.
 */

/** What a step's records are built from. */
export interface UpdateData {
  /** The NCR's fqdn, wire form. */
  fqdn: Uint8Array;
  /** The reverse-mapping name of the lease address, wire form. */
  reverse: Uint8Array;
  /** A (IPv4 lease) or AAAA (IPv6). */
  addressType: number;
  address: Uint8Array;
  dhcid: Uint8Array;
  /** The lease length: TTL of the records added. */
  ttl: number;
}

export type StepOutcome = 'done' | 'fail' | { goto: number };

export interface Step {
  /** Names the update in debug logs (DHCP_DDNS_UPDATE_REQUEST_SENT). */
  comment: string;
  /** Kea's message id stem: <stem>_REJECTED, <stem>_IO_ERROR, <stem>_RESP_CORRUPT. */
  ids: string;
  /** What the update does, for the log texts. */
  what: string;
  build(data: UpdateData): { prerequisites: ResourceRecord[]; updates: ResourceRecord[] };
  onRcode(rcode: number): StepOutcome;
  /** After the third I/O failure on a server. */
  exhausted: 'next-server' | 'fail';
}

export interface Plan {
  kind: 'add' | 'remove';
  forward: readonly Step[];
  reverse: readonly Step[];
}

const ok =
  (...codes: number[]) =>
  (rcode: number): StepOutcome =>
    codes.includes(rcode) ? 'done' : 'fail';

// ---- add

/** Add when the name is free (RFC 4703 §5.3.1); YXDOMAIN: the name exists, go to replace. */
const addFwd: Step = {
  comment: 'Forward Add',
  ids: 'DHCP_DDNS_FORWARD_ADD',
  what: 'adding the forward address mapping',
  build: (d) => ({
    prerequisites: [rr.nameNotInUse(d.fqdn)],
    updates: [rr.add(d.fqdn, d.addressType, d.ttl, d.address), rr.add(d.fqdn, RR_TYPE.DHCID, d.ttl, d.dhcid)],
  }),
  onRcode: (rcode) => (rcode === RCODE.NOERROR ? 'done' : rcode === RCODE.YXDOMAIN ? { goto: 1 } : 'fail'),
  exhausted: 'next-server',
};

/** Replace only when the name's DHCID is this client's (RFC 4703 §5.3.2); NXDOMAIN: add again. */
const replaceFwdChecked: Step = {
  comment: 'Forward Replace',
  ids: 'DHCP_DDNS_FORWARD_REPLACE',
  what: 'replacing the forward address mapping',
  build: (d) => ({
    prerequisites: [rr.nameInUse(d.fqdn), rr.rrsetEquals(d.fqdn, RR_TYPE.DHCID, d.dhcid)],
    updates: [rr.deleteRrset(d.fqdn, d.addressType), rr.add(d.fqdn, d.addressType, d.ttl, d.address)],
  }),
  onRcode: (rcode) => (rcode === RCODE.NOERROR ? 'done' : rcode === RCODE.NXDOMAIN ? { goto: 0 } : 'fail'),
  exhausted: 'next-server',
};

/** check-exists-with-dhcid: replace whenever the name has some DHCID, whoever's. */
const replaceFwdExists: Step = {
  ...replaceFwdChecked,
  build: (d) => ({
    prerequisites: [rr.rrsetExists(d.fqdn, RR_TYPE.DHCID)],
    updates: [
      rr.deleteRrset(d.fqdn, d.addressType),
      rr.deleteRrset(d.fqdn, RR_TYPE.DHCID),
      rr.add(d.fqdn, d.addressType, d.ttl, d.address),
      rr.add(d.fqdn, RR_TYPE.DHCID, d.ttl, d.dhcid),
    ],
  }),
};

/** No checks: the address and DHCID RRsets are replaced outright. */
const replaceFwdUnchecked: Step = {
  comment: 'Forward Replace',
  ids: 'DHCP_DDNS_FORWARD_REPLACE',
  what: 'replacing the forward address mapping',
  build: (d) => ({
    prerequisites: [],
    updates: [
      rr.deleteRrset(d.fqdn, d.addressType),
      rr.deleteRrset(d.fqdn, RR_TYPE.DHCID),
      rr.add(d.fqdn, d.addressType, d.ttl, d.address),
      rr.add(d.fqdn, RR_TYPE.DHCID, d.ttl, d.dhcid),
    ],
  }),
  onRcode: ok(RCODE.NOERROR),
  exhausted: 'next-server',
};

const replaceFwdWithoutDhcid: Step = {
  ...replaceFwdUnchecked,
  build: (d) => ({
    prerequisites: [],
    updates: [rr.deleteRrset(d.fqdn, d.addressType), rr.add(d.fqdn, d.addressType, d.ttl, d.address)],
  }),
};

/** The PTR (and its DHCID) replaced outright: the reverse name belongs to the lease address. */
const replaceRev: Step = {
  comment: 'Reverse Replace',
  ids: 'DHCP_DDNS_REVERSE_REPLACE',
  what: 'replacing the reverse mapping',
  build: (d) => ({
    prerequisites: [],
    updates: [
      rr.deleteRrset(d.reverse, RR_TYPE.PTR),
      rr.deleteRrset(d.reverse, RR_TYPE.DHCID),
      rr.add(d.reverse, RR_TYPE.PTR, d.ttl, d.fqdn),
      rr.add(d.reverse, RR_TYPE.DHCID, d.ttl, d.dhcid),
    ],
  }),
  onRcode: ok(RCODE.NOERROR),
  exhausted: 'next-server',
};

const replaceRevWithoutDhcid: Step = {
  ...replaceRev,
  build: (d) => ({
    prerequisites: [],
    updates: [rr.deleteRrset(d.reverse, RR_TYPE.PTR), rr.add(d.reverse, RR_TYPE.PTR, d.ttl, d.fqdn)],
  }),
};

// ---- remove

/** Remove this lease's address if the DHCID is this client's; NXRRSET (not ours) still goes on. */
const removeFwdAddrs: Step = {
  comment: 'Forward A/AAAA Remove',
  ids: 'DHCP_DDNS_FORWARD_REMOVE_ADDRS',
  what: 'removing the forward address mapping',
  build: (d) => ({
    prerequisites: [rr.rrsetEquals(d.fqdn, RR_TYPE.DHCID, d.dhcid)],
    updates: [rr.deleteRr(d.fqdn, d.addressType, d.address)],
  }),
  onRcode: (rcode) => (rcode === RCODE.NOERROR || rcode === RCODE.NXRRSET ? { goto: 1 } : 'fail'),
  exhausted: 'next-server',
};

/** Then the name's other RRsets (the DHCID), once it is ours and no address is left. */
const removeFwdRrs: Step = {
  comment: 'Forward RR Remove',
  ids: 'DHCP_DDNS_FORWARD_REMOVE_RRS',
  what: 'removing the forward RRs',
  build: (d) => ({
    prerequisites: [
      rr.rrsetEquals(d.fqdn, RR_TYPE.DHCID, d.dhcid),
      rr.rrsetAbsent(d.fqdn, RR_TYPE.A),
      rr.rrsetAbsent(d.fqdn, RR_TYPE.AAAA),
    ],
    updates: [rr.deleteName(d.fqdn)],
  }),
  onRcode: ok(RCODE.NOERROR, RCODE.NXRRSET),
  // Kea gives up on this second update rather than start over on another server.
  exhausted: 'fail',
};

const removeFwdAddrsExists: Step = {
  ...removeFwdAddrs,
  build: (d) => ({
    prerequisites: [rr.rrsetExists(d.fqdn, RR_TYPE.DHCID)],
    updates: [rr.deleteRr(d.fqdn, d.addressType, d.address)],
  }),
};

const removeFwdRrsExists: Step = {
  ...removeFwdRrs,
  build: (d) => ({
    prerequisites: [rr.rrsetAbsent(d.fqdn, RR_TYPE.A), rr.rrsetAbsent(d.fqdn, RR_TYPE.AAAA)],
    updates: [rr.deleteRrset(d.fqdn, RR_TYPE.DHCID)],
  }),
};

const removeFwdUnchecked: Step = {
  comment: 'Forward RR Remove',
  ids: 'DHCP_DDNS_FORWARD_REMOVE_RRS',
  what: 'removing the forward RRs',
  build: (d) => ({
    prerequisites: [],
    updates: [rr.deleteRrset(d.fqdn, d.addressType), rr.deleteRrset(d.fqdn, RR_TYPE.DHCID)],
  }),
  onRcode: ok(RCODE.NOERROR, RCODE.NXRRSET),
  exhausted: 'next-server',
};

const removeFwdWithoutDhcid: Step = {
  ...removeFwdUnchecked,
  build: (d) => ({ prerequisites: [], updates: [rr.deleteRrset(d.fqdn, d.addressType)] }),
};

/** The reverse name removed when its PTR names this fqdn. */
const removeRevChecked: Step = {
  comment: 'Reverse Remove',
  ids: 'DHCP_DDNS_REVERSE_REMOVE',
  what: 'removing the reverse mapping',
  build: (d) => ({
    prerequisites: [rr.rrsetEquals(d.reverse, RR_TYPE.PTR, d.fqdn)],
    updates: [rr.deleteName(d.reverse)],
  }),
  onRcode: ok(RCODE.NOERROR, RCODE.NXRRSET),
  exhausted: 'next-server',
};

const removeRevUnchecked: Step = {
  ...removeRevChecked,
  build: (d) => ({
    prerequisites: [],
    updates: [rr.deleteRrset(d.reverse, RR_TYPE.PTR), rr.deleteRrset(d.reverse, RR_TYPE.DHCID)],
  }),
};

const removeRevWithoutDhcid: Step = {
  ...removeRevChecked,
  build: (d) => ({ prerequisites: [], updates: [rr.deleteRrset(d.reverse, RR_TYPE.PTR)] }),
};

const PLANS: Record<ConflictResolutionMode, { add: Plan; remove: Plan }> = {
  'check-with-dhcid': {
    add: { kind: 'add', forward: [addFwd, replaceFwdChecked], reverse: [replaceRev] },
    remove: { kind: 'remove', forward: [removeFwdAddrs, removeFwdRrs], reverse: [removeRevChecked] },
  },
  'check-exists-with-dhcid': {
    add: { kind: 'add', forward: [addFwd, replaceFwdExists], reverse: [replaceRev] },
    remove: {
      kind: 'remove',
      forward: [removeFwdAddrsExists, removeFwdRrsExists],
      reverse: [removeRevChecked],
    },
  },
  'no-check-with-dhcid': {
    add: { kind: 'add', forward: [replaceFwdUnchecked], reverse: [replaceRev] },
    remove: { kind: 'remove', forward: [removeFwdUnchecked], reverse: [removeRevUnchecked] },
  },
  'no-check-without-dhcid': {
    add: { kind: 'add', forward: [replaceFwdWithoutDhcid], reverse: [replaceRevWithoutDhcid] },
    remove: { kind: 'remove', forward: [removeFwdWithoutDhcid], reverse: [removeRevWithoutDhcid] },
  },
};

export function planFor(mode: ConflictResolutionMode, changeType: 0 | 1): Plan {
  return changeType === 0 ? PLANS[mode].add : PLANS[mode].remove;
}
