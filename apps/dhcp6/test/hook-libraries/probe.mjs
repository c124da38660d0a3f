// A test hook library: at each hook point it is asked to watch, it records what it saw (in
// globalThis.__probeEvents in process, and answers the `<name>-events` command) and does what
// its `actions` parameter says there.
//   parameters: { name, hooks: [hook...], actions: { hook: action }, fail: load() throws }
//   actions: "skip" | "drop" | "throw" | "park" | { subnet: id } | { valid, preferred } |
//            { option: [code, hex] } | { buffer: hex } | { remove: true } | { addClass: name }
const ALL = [
  'buffer6_receive',
  'pkt6_receive',
  'subnet6_select',
  'ddns6_update',
  'lease6_select',
  'lease6_renew',
  'lease6_rebind',
  'lease6_release',
  'lease6_decline',
  'leases6_committed',
  'pkt6_send',
  'buffer6_send',
  'lease6_expire',
  'lease6_recover',
  'dhcp6_srv_configured',
];
let name = 'probe';
const events = [];

function record(event) {
  events.push(event);
  if (!globalThis.__probeEvents) globalThis.__probeEvents = [];
  globalThis.__probeEvents.push(event);
}

function summary(h) {
  const out = {};
  for (const arg of h.getArgumentNames()) {
    const v = h.getArgument(arg);
    if (arg === 'query6')
      out.query6 = v.message ? { type: v.type, duid: v.duid, classes: v.classes } : { bytes: v.data.length };
    else if (arg === 'subnet6') out.subnet6 = v ? v.id : null;
    else if (arg === 'subnet6collection') out.subnet6collection = v.map((s) => s.id);
    else if (arg === 'lease6')
      out.lease6 = { address: v.address, valid: v.validLifetime, preferred: v.preferredLifetime };
    else if (arg === 'leases6' || arg === 'deleted_leases6') out[arg] = v.map((l) => l.address);
    else if (arg === 'response6')
      out.response6 = !v
        ? null
        : v.ias
          ? { msgType: v.msgType, ias: v.ias.length }
          : { msgType: v.msgType, bytes: v.buffer.length };
    else if (typeof v === 'boolean' || typeof v === 'number' || arg === 'hostname') out[arg] = v;
    else out[arg] = typeof v;
  }
  return out;
}

function act(hook, h, action) {
  if (action === undefined) return;
  if (action === 'skip') return h.setStatus(h.NEXT_STEP_SKIP);
  if (action === 'drop') return h.setStatus(h.NEXT_STEP_DROP);
  if (action === 'throw') throw new Error(`probe ${name} throws at ${hook}`);
  if (action === 'park') {
    const ticket = h.park();
    setTimeout(() => ticket.unpark(), 50);
    return;
  }
  if (action.subnet !== undefined)
    return h.setArgument(
      'subnet6',
      h.getArgument('subnet6collection').find((s) => s.id === action.subnet),
    );
  if (action.valid !== undefined) {
    const lease = h.getArgument('lease6');
    h.setArgument('lease6', { ...lease, validLifetime: action.valid, preferredLifetime: action.preferred });
    return;
  }
  if (action.option) {
    const [code, hex] = action.option;
    h.getArgument('response6').options.push({
      kind: 'raw',
      code,
      data: Uint8Array.from(Buffer.from(hex, 'hex')),
    });
    return;
  }
  if (action.buffer) {
    h.getArgument('response6').buffer = Uint8Array.from(Buffer.from(action.buffer, 'hex'));
    return;
  }
  if (action.remove !== undefined) return h.setArgument('remove_lease', action.remove);
  if (action.hostname !== undefined) {
    h.setArgument('hostname', action.hostname);
    if (action.fwd !== undefined) h.setArgument('fwd-update', action.fwd);
    if (action.rev !== undefined) h.setArgument('rev-update', action.rev);
    return;
  }
  if (action.addClass) return h.getArgument('query6').addClass(action.addClass);
}

export function version() {
  return 20200;
}

export function load(handle) {
  if (handle.getParameter('fail')) throw new Error('probe told to fail');
  name = handle.getParameter('name') ?? 'probe';
  const actions = handle.getParameter('actions') ?? {};
  for (const hook of handle.getParameter('hooks') ?? ALL) {
    handle.registerCallout(hook, async (h) => {
      const seen = { library: name, hook, args: summary(h) };
      if (hook === 'pkt6_receive') h.setContext('received', h.getArgument('query6').type);
      if (hook === 'pkt6_send') seen.context = h.getContext('received');
      record(seen);
      await act(hook, h, actions[hook]);
    });
  }
  handle.registerCommandHandler(`${name}-events`, () => ({
    result: 0,
    text: `${events.length} events`,
    arguments: events,
  }));
  handle.logger().info('PROBE_LOADED', `probe ${name} loaded with ${JSON.stringify(handle.getParameters())}`);
  return 0;
}
