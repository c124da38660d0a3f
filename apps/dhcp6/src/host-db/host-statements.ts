/**
 * The statements of the hosts schema of Kea 2.2 (hosts, ipv6_reservations, dhcp6_options) for
 * MySQL and PostgreSQL. Reads join a host's options and reservations (several rows per host,
 * grouped again by host_id, then option_id and reservation_id, as Kea reads them). Writes put each
 * column where ISC's kea-dhcp6 puts it: dhcp4_subnet_id and ipv4_address NULL for a DHCPv6 host,
 * dhcp6_subnet_id 0 for a global reservation, classes comma-separated, options with scope_id 3.
 */
import type { Statement } from '@nestor/leases';

export type HostBackend = 'mysql' | 'postgresql';

const COLUMNS =
  'h.host_id, h.dhcp_identifier, h.dhcp_identifier_type, h.dhcp6_subnet_id, h.hostname, ' +
  'h.dhcp6_client_classes, h.user_context, ' +
  'o.option_id, o.code, o.value, o.formatted_value, o.space, o.persistent, o.user_context AS option_user_context, ' +
  'r.reservation_id, r.address, r.prefix_len, r.type';

const JOINS =
  'LEFT JOIN dhcp6_options AS o ON h.host_id = o.host_id ' +
  'LEFT JOIN ipv6_reservations AS r ON h.host_id = r.host_id';

const ORDER = 'ORDER BY h.host_id, o.option_id, r.reservation_id';

export interface HostStatements {
  byIdentifier: Statement;
  bySubnetIdentifier: Statement;
  bySubnetAddress: Statement;
  bySubnet: Statement;
  pageOfSubnet: Statement;
  pageOfAll: Statement;
  byHostname: Statement;
  bySubnetHostname: Statement;
  insertHost: Statement;
  hostIdOf: Statement;
  insertReservation: Statement;
  insertOption: Statement;
  deleteByIdentifier: Statement;
  deleteByAddress: Statement;
  deleteById: Statement;
  schemaVersion: Statement;
}

/** Numbers `?` placeholders $1, $2... for PostgreSQL. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

function build(backend: HostBackend): HostStatements {
  const pg = backend === 'postgresql';
  const s = (name: string, text: string): Statement => ({
    name: `nestor_hosts_${name}`,
    text: pg ? numbered(text) : text,
  });
  const select = (where: string): string =>
    `SELECT ${COLUMNS} FROM hosts AS h ${JOINS} WHERE ${where} ${ORDER}`;
  return {
    byIdentifier: s('by_identifier', select('h.dhcp_identifier = ? AND h.dhcp_identifier_type = ?')),
    bySubnetIdentifier: s(
      'by_subnet_identifier',
      select('h.dhcp6_subnet_id = ? AND h.dhcp_identifier_type = ? AND h.dhcp_identifier = ?'),
    ),
    // The whole host, not only the row of the address asked for.
    bySubnetAddress: s(
      'by_subnet_address',
      select(
        'h.dhcp6_subnet_id = ? AND h.host_id IN (SELECT host_id FROM ipv6_reservations WHERE address = ?)',
      ),
    ),
    bySubnet: s('by_subnet', select('h.dhcp6_subnet_id = ?')),
    pageOfSubnet: s(
      'page_of_subnet',
      `SELECT ${COLUMNS} FROM (SELECT * FROM hosts WHERE dhcp6_subnet_id = ? AND host_id > ? ` +
        `ORDER BY host_id LIMIT ?) AS h ${JOINS} ${ORDER}`,
    ),
    pageOfAll: s(
      'page_of_all',
      `SELECT ${COLUMNS} FROM (SELECT * FROM hosts WHERE dhcp6_subnet_id IS NOT NULL AND host_id > ? ` +
        `ORDER BY host_id LIMIT ?) AS h ${JOINS} ${ORDER}`,
    ),
    byHostname: s('by_hostname', select('lower(h.hostname) = ? AND h.dhcp6_subnet_id IS NOT NULL')),
    bySubnetHostname: s('by_subnet_hostname', select('lower(h.hostname) = ? AND h.dhcp6_subnet_id = ?')),
    insertHost: s(
      'insert_host',
      'INSERT INTO hosts(dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, dhcp6_subnet_id, ' +
        'ipv4_address, hostname, dhcp4_client_classes, dhcp6_client_classes, user_context, ' +
        'dhcp4_next_server, dhcp4_server_hostname, dhcp4_boot_file_name, auth_key) ' +
        `VALUES (?, ?, NULL, ?, NULL, ?, '', ?, ?, 0, '', '', NULL)${pg ? ' RETURNING host_id' : ''}`,
    ),
    hostIdOf: s(
      'host_id_of',
      'SELECT host_id FROM hosts WHERE dhcp_identifier = ? AND dhcp_identifier_type = ? AND dhcp6_subnet_id = ?',
    ),
    // ip-reservations-unique (Kea's default): no second row for an address and length.
    insertReservation: s(
      'insert_reservation',
      'INSERT INTO ipv6_reservations(address, prefix_len, type, dhcp6_iaid, host_id) ' +
        // PostgreSQL types a bare parameter of a SELECT list as text: the casts say what it is.
        `${pg ? 'SELECT ?, ?::smallint, ?::smallint, 0, ?::integer' : 'SELECT ?, ?, ?, 0, ? FROM DUAL'} WHERE NOT EXISTS ` +
        '(SELECT 1 FROM ipv6_reservations WHERE address = ? AND prefix_len = ?)',
    ),
    insertOption: s(
      'insert_option',
      'INSERT INTO dhcp6_options(code, value, formatted_value, space, persistent, user_context, host_id, scope_id) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, 3)',
    ),
    deleteByIdentifier: s(
      'delete_by_identifier',
      'DELETE FROM hosts WHERE dhcp6_subnet_id = ? AND dhcp_identifier_type = ? AND dhcp_identifier = ?',
    ),
    deleteByAddress: s(
      'delete_by_address',
      'DELETE FROM hosts WHERE dhcp6_subnet_id = ? AND host_id IN ' +
        '(SELECT host_id FROM ipv6_reservations WHERE address = ?)',
    ),
    deleteById: s('delete_by_id', 'DELETE FROM hosts WHERE host_id = ?'),
    schemaVersion: s('schema_version', 'SELECT version, minor FROM schema_version'),
  };
}

export const HOST_STATEMENTS: Readonly<Record<HostBackend, HostStatements>> = {
  mysql: build('mysql'),
  postgresql: build('postgresql'),
};
