/** The help text printed after most command line errors, as Kea's kea-admin does. */
export function usageText(version: string, program: string, scriptsDir: string): string {
  return `
kea-admin ${version} (Nestor)

Administers Kea's lease databases: creates and upgrades the schema, dumps and loads leases.

Usage: ${program} COMMAND BACKEND [parameters]

COMMAND:
 - db-init: creates the schema in an empty database.
 - db-version: prints the version of the database's schema.
 - db-upgrade: upgrades the schema to the current version.
 - lease-dump: writes the leases to a CSV file in the memfile format.
 - lease-upload: loads leases from a CSV file into the database.
 - stats-recount: counts the lease statistics again from the lease tables.

BACKEND: memfile, mysql or pgsql

PARAMETERS:
 -h or --host hostname - the database server (default: localhost)
 -P or --port port - its TCP port
 -u or --user name - the account to log in as
 -p or --password [password] - its password; without a value it is asked for
                               on a terminal
 -n or --name database - the database
 -d or --directory - the schema scripts (default: ${scriptsDir})
 -v or --version - prints the version and exits
 -x or --extra - an extra database client argument (see the README for those understood)

 For lease-dump and lease-upload:
     -4 IPv4 leases
     -6 IPv6 leases
     -i or --input - the CSV file lease-upload reads
     -o or --output - the CSV file lease-dump writes
     -y or --yes - overwrite existing files without asking
`;
}
