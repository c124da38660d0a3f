-- Nestor: PostgreSQL schema 11.0 -> 12.0 (Kea 2.1). Routines and triggers are re-created by
-- db-upgrade from dhcpdb_create.pgsql after the last step; this file changes only tables.
START TRANSACTION;

-- Deleting a shared network no longer nulls its subnets through the foreign key: the
-- shared network's BDEL trigger does it, so that the subnets' update triggers (and audit) run.
ALTER TABLE dhcp4_subnet
  DROP CONSTRAINT fk_dhcp4_subnet_shared_network,
  ADD CONSTRAINT fk_dhcp4_subnet_shared_network FOREIGN KEY (shared_network_name)
    REFERENCES dhcp4_shared_network (name);
ALTER TABLE dhcp6_subnet
  DROP CONSTRAINT fk_dhcp6_subnet_shared_network,
  ADD CONSTRAINT fk_dhcp6_subnet_shared_network FOREIGN KEY (shared_network_name)
    REFERENCES dhcp6_shared_network (name);

ALTER TABLE dhcp4_client_class ADD COLUMN user_context json;
ALTER TABLE dhcp6_client_class ADD COLUMN user_context json;

UPDATE schema_version SET version = 12, minor = 0;
COMMIT;
