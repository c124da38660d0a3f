/** Where the bench server's control socket is. */
export function controlSocketPath(dir: string): string {
  return `${dir}/control.sock`;
}

/**
 * The one configuration every server gets in the bench: Kea-style, a single subnet on the
 * server's veth end, an address pool and a prefix pool far larger than the simulated clients,
 * memfile with persist true (every lease is written to the CSV, as in production), no lease
 * file cleanup during the run, warnings-only logging to a file. With `ddns`, dhcp-ddns on.
 */
export function benchConfig(dir: string, iface: string, ddns = false): object {
  return {
    Dhcp6: {
      // DDNS on: every exchange decides the name and queues an NCR to 127.0.0.1:53001 (a sink in
      // the server's namespace that reads and discards them).
      ...(ddns
        ? {
            'dhcp-ddns': { 'enable-updates': true, 'server-ip': '127.0.0.1', 'server-port': 53001 },
            'ddns-qualifying-suffix': 'example.com.',
          }
        : {}),
      'interfaces-config': { interfaces: [iface] },
      // The bench reads the server's own count of REPLYs sent (the CPU-per-exchange figure).
      'control-socket': { 'socket-type': 'unix', 'socket-name': controlSocketPath(dir) },
      'lease-database': { type: 'memfile', persist: true, name: `${dir}/leases6.csv`, 'lfc-interval': 0 },
      'server-id': { type: 'LLT', persist: false },
      'data-directory': dir,
      'preferred-lifetime': 3000,
      'valid-lifetime': 4000,
      'renew-timer': 1000,
      'rebind-timer': 2000,
      subnet6: [
        {
          id: 1,
          subnet: '2001:db8:1::/64',
          interface: iface,
          pools: [{ pool: '2001:db8:1::/80' }],
          'pd-pools': [{ prefix: '3000::', 'prefix-len': 32, 'delegated-len': 64 }],
        },
      ],
      loggers: [{ name: 'kea-dhcp6', output_options: [{ output: `${dir}/server.log` }], severity: 'WARN' }],
    },
  };
}
