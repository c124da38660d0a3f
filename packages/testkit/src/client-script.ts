/**
 * The scripts the kit hands to the DHCP clients instead of their stock ones. The stock
 * /sbin/dhclient-script and dhcpcd's run-hooks rewrite /etc/resolv.conf and run the host's
 * hooks; a network namespace does not isolate /etc, so ours only touch the interface inside the
 * namespace and log what the client passed, one event per call:
 *
 *   --- reason=BOUND6 interface=v-cli
 *   new_ip6_address=2001:db8:1::1000
 *   ...
 */

/** dhclient -sf script: configures the leased address on the interface, logs every call. */
export const DHCLIENT_SCRIPT = `#!/bin/sh
# Nestor test kit: dhclient-script that touches only the interface in this namespace.
log=\${NESTOR_SCRIPT_LOG:-/dev/null}
{ echo "--- reason=$reason interface=$interface"; env | grep -E '^(new|old|cur)_' | sort; } >>"$log"
case "$reason" in
PREINIT6) ip link set dev "$interface" up ;;
BOUND6 | RENEW6 | REBIND6 | REBOOT6)
    if [ -n "\${new_ip6_address:-}" ]; then
        ip -6 addr replace "$new_ip6_address/\${new_ip6_prefixlen:-128}" dev "$interface" scope global \\
            valid_lft "\${new_max_life:-forever}" preferred_lft "\${new_preferred_life:-forever}"
    fi ;;
DEPREF6)
    [ -n "\${cur_ip6_address:-}" ] && ip -6 addr change "$cur_ip6_address/\${cur_ip6_prefixlen:-128}" \\
        dev "$interface" scope global preferred_lft 0 ;;
EXPIRE6 | RELEASE6 | STOP6)
    [ -n "\${old_ip6_address:-}" ] && ip -6 addr del "$old_ip6_address/\${old_ip6_prefixlen:-128}" dev "$interface" ;;
esac
exit 0
`;

/** dhcpcd -c script: logging only (dhcpcd configures addresses itself over netlink). */
export function dhcpcdScript(logPath: string): string {
  return `#!/bin/sh
# Nestor test kit: dhcpcd hook script that only logs.
{ echo "--- reason=$reason interface=$interface"; env | grep -E '^(new|old)_' | sort; } >>'${logPath.replace(/'/g, `'\\''`)}'
exit 0
`;
}

/** One call of a client script: why it was called and the variables it got. */
export interface ScriptEvent {
  reason: string;
  interface: string;
  vars: Record<string, string>;
}

/** Parses a log written by the scripts above into events, oldest first. */
export function parseScriptLog(text: string): ScriptEvent[] {
  const events: ScriptEvent[] = [];
  let current: ScriptEvent | undefined;
  for (const line of text.split('\n')) {
    const head = /^--- reason=(\S*) interface=(\S*)$/.exec(line);
    if (head) {
      current = { reason: head[1]!, interface: head[2]!, vars: {} };
      events.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current.vars[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return events;
}
