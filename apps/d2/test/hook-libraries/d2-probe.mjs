// A test library for kea-dhcp-ddns: records what its callouts see, answers them through a
// command (<name>-events), and does what its parameters say: `drop` (an error text) refuses
// the configuration at d2_srv_configured, `skip-port` skips that DNS server at select_key,
// `unsigned` makes select_key clear the key.
let events = [];
let name = 'probe';

export function version() {
  return 20200;
}

export function load(handle) {
  events = [];
  name = handle.getParameter('name') ?? 'probe';
  const drop = handle.getParameter('drop');
  const skipPort = handle.getParameter('skip-port');
  const unsigned = handle.getParameter('unsigned') === true;
  handle.registerCallout('d2_srv_configured', (h) => {
    const json = h.getArgument('json_config');
    const model = h.getArgument('server_config');
    events.push({
      hook: 'd2_srv_configured',
      timeout: json['dns-server-timeout'],
      port: model.port,
      forward: model.forwardDomains.map((d) => d.name),
      error: h.getArgument('error'),
    });
    if (typeof drop === 'string') {
      h.setArgument('error', drop);
      h.setStatus(h.NEXT_STEP_DROP);
    }
  });
  handle.registerCallout('select_key', (h) => {
    const server = h.getArgument('current_server');
    const key = h.getArgument('tsig_key');
    events.push({ hook: 'select_key', port: server.port, address: server.ipAddress, key: key?.name ?? null });
    if (server.port === skipPort) h.setStatus(h.NEXT_STEP_SKIP);
    if (unsigned) h.setArgument('tsig_key', null);
  });
  handle.registerCommandHandler(`${name}-events`, () => ({
    result: 0,
    text: `${events.length} events`,
    arguments: { events },
  }));
  handle.logger().info('D2_PROBE_LOADED', `probe ${name} loaded`);
  return 0;
}
