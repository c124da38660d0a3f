-- Nestor: PostgreSQL schema 12.0 -> 13.0 (Kea 2.2: client-class lease statistics and limits).
-- Routines and triggers are re-created by db-upgrade from dhcpdb_create.pgsql after the last
-- step; this file changes only tables and indexes.
START TRANSACTION;

-- Leases per client class (state default only), kept by the lease triggers.
CREATE TABLE lease4_stat_by_client_class (
  client_class character varying(128) NOT NULL,
  leases bigint NOT NULL,
  CONSTRAINT lease4_stat_by_client_class_pkey PRIMARY KEY (client_class)
);

CREATE TABLE lease6_stat_by_client_class (
  client_class character varying(128) NOT NULL,
  lease_type smallint NOT NULL,
  leases bigint NOT NULL,
  CONSTRAINT lease6_stat_by_client_class_pkey PRIMARY KEY (client_class, lease_type),
  CONSTRAINT fk_lease6_stat_by_client_class_lease_type FOREIGN KEY (lease_type) REFERENCES lease6_types (lease_type)
);

-- Host lookups: global reservations (subnet id 0) now go through the per-subnet indexes too,
-- and identifier-only lookups get their own index.
DROP INDEX key_dhcp4_identifier_subnet_id;
CREATE UNIQUE INDEX key_dhcp4_identifier_subnet_id ON hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id)
  WHERE (dhcp4_subnet_id IS NOT NULL);
DROP INDEX key_dhcp6_identifier_subnet_id;
CREATE UNIQUE INDEX key_dhcp6_identifier_subnet_id ON hosts (dhcp_identifier, dhcp_identifier_type, dhcp6_subnet_id)
  WHERE (dhcp6_subnet_id IS NOT NULL);
CREATE INDEX key_dhcp_identifier ON hosts (dhcp_identifier, dhcp_identifier_type);

UPDATE schema_version SET version = 13, minor = 0;
COMMIT;
