-- Nestor: the PostgreSQL lease, host and configuration database, schema 13.0
-- (the schema Kea 2.2 servers use). Written for Nestor's kea-admin db-init; it is also
-- valid input for psql: psql -v ON_ERROR_STOP=1 -f dhcpdb_create.pgsql DB
--
-- The tables are created in their final 13.0 form (no version-by-version history).

START TRANSACTION;

CREATE TABLE ddns_replace_client_name_types (
    type bigint NOT NULL,
    name character varying(32)
);

CREATE TABLE dhcp4_audit (
    id integer NOT NULL,
    object_type character varying(256) NOT NULL,
    object_id bigint NOT NULL,
    modification_type smallint NOT NULL,
    revision_id bigint NOT NULL
);

CREATE TABLE dhcp4_audit_revision (
    id integer NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    log_message text,
    server_id bigint
);

CREATE TABLE dhcp4_client_class (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    test text,
    next_server inet,
    server_hostname character varying(128) DEFAULT NULL::character varying,
    boot_file_name character varying(512) DEFAULT NULL::character varying,
    only_if_required boolean DEFAULT false NOT NULL,
    valid_lifetime bigint,
    min_valid_lifetime bigint,
    max_valid_lifetime bigint,
    depend_on_known_directly boolean DEFAULT false NOT NULL,
    follow_class_name character varying(128) DEFAULT NULL::character varying,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    user_context json
);

CREATE TABLE dhcp4_client_class_dependency (
    class_id bigint NOT NULL,
    dependency_id bigint NOT NULL
);

CREATE TABLE dhcp4_client_class_order (
    class_id bigint NOT NULL,
    order_index bigint NOT NULL,
    depend_on_known_indirectly boolean DEFAULT false NOT NULL
);

CREATE TABLE dhcp4_client_class_server (
    class_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone
);

CREATE TABLE dhcp4_global_parameter (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    value text NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    parameter_type smallint NOT NULL
);

CREATE TABLE dhcp4_global_parameter_server (
    parameter_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp4_option_def (
    id integer NOT NULL,
    code smallint NOT NULL,
    name character varying(128) NOT NULL,
    space character varying(128) NOT NULL,
    type smallint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    is_array boolean NOT NULL,
    encapsulate character varying(128) NOT NULL,
    record_types character varying,
    user_context json,
    class_id bigint
);

CREATE TABLE dhcp4_option_def_server (
    option_def_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp4_options (
    option_id integer NOT NULL,
    code smallint NOT NULL,
    value bytea,
    formatted_value text,
    space character varying(128) DEFAULT NULL::character varying,
    persistent boolean DEFAULT false NOT NULL,
    dhcp_client_class character varying(128) DEFAULT NULL::character varying,
    dhcp4_subnet_id bigint,
    host_id integer,
    scope_id smallint NOT NULL,
    user_context text,
    shared_network_name character varying(128) DEFAULT NULL::character varying,
    pool_id bigint,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp4_options_server (
    option_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp4_pool (
    id integer NOT NULL,
    start_address inet NOT NULL,
    end_address inet NOT NULL,
    subnet_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_class character varying(128) DEFAULT NULL::character varying,
    require_client_classes text,
    user_context json
);

CREATE TABLE dhcp4_server (
    id integer NOT NULL,
    tag character varying(64) NOT NULL,
    description text,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp4_shared_network (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    client_class character varying(128) DEFAULT NULL::character varying,
    interface character varying(128) DEFAULT NULL::character varying,
    match_client_id boolean,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    rebind_timer bigint,
    relay text,
    renew_timer bigint,
    require_client_classes text,
    user_context json,
    valid_lifetime bigint,
    authoritative boolean,
    calculate_tee_times boolean,
    t1_percent double precision,
    t2_percent double precision,
    boot_file_name character varying(128) DEFAULT NULL::character varying,
    next_server inet,
    server_hostname character varying(64) DEFAULT NULL::character varying,
    min_valid_lifetime bigint,
    max_valid_lifetime bigint,
    ddns_send_updates boolean,
    ddns_override_no_update boolean,
    ddns_override_client_update boolean,
    ddns_replace_client_name bigint,
    ddns_generated_prefix character varying(255) DEFAULT NULL::character varying,
    ddns_qualifying_suffix character varying(255) DEFAULT NULL::character varying,
    reservations_global boolean,
    reservations_in_subnet boolean,
    reservations_out_of_pool boolean,
    cache_threshold double precision,
    cache_max_age bigint
);

CREATE TABLE dhcp4_shared_network_server (
    shared_network_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp4_subnet (
    subnet_id bigint NOT NULL,
    subnet_prefix character varying(64) NOT NULL,
    interface_4o6 character varying(128) DEFAULT NULL::character varying,
    interface_id_4o6 character varying(128) DEFAULT NULL::character varying,
    subnet_4o6 character varying(64) DEFAULT NULL::character varying,
    boot_file_name character varying(128) DEFAULT NULL::character varying,
    client_class character varying(128) DEFAULT NULL::character varying,
    interface character varying(128) DEFAULT NULL::character varying,
    match_client_id boolean,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    next_server inet,
    rebind_timer bigint,
    relay text,
    renew_timer bigint,
    require_client_classes text,
    server_hostname character varying(64) DEFAULT NULL::character varying,
    shared_network_name character varying(128) DEFAULT NULL::character varying,
    user_context json,
    valid_lifetime bigint,
    authoritative boolean,
    calculate_tee_times boolean,
    t1_percent double precision,
    t2_percent double precision,
    min_valid_lifetime bigint,
    max_valid_lifetime bigint,
    ddns_send_updates boolean,
    ddns_override_no_update boolean,
    ddns_override_client_update boolean,
    ddns_replace_client_name bigint,
    ddns_generated_prefix character varying(255) DEFAULT NULL::character varying,
    ddns_qualifying_suffix character varying(255) DEFAULT NULL::character varying,
    reservations_global boolean,
    reservations_in_subnet boolean,
    reservations_out_of_pool boolean,
    cache_threshold double precision,
    cache_max_age bigint
);

CREATE TABLE dhcp4_subnet_server (
    subnet_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp6_audit (
    id integer NOT NULL,
    object_type character varying(256) NOT NULL,
    object_id bigint NOT NULL,
    modification_type smallint NOT NULL,
    revision_id bigint NOT NULL
);

CREATE TABLE dhcp6_audit_revision (
    id integer NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    log_message text,
    server_id bigint
);

CREATE TABLE dhcp6_client_class (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    test text,
    only_if_required boolean DEFAULT false NOT NULL,
    valid_lifetime bigint,
    min_valid_lifetime bigint,
    max_valid_lifetime bigint,
    depend_on_known_directly boolean DEFAULT false NOT NULL,
    follow_class_name character varying(128) DEFAULT NULL::character varying,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    preferred_lifetime bigint,
    min_preferred_lifetime bigint,
    max_preferred_lifetime bigint,
    user_context json
);

CREATE TABLE dhcp6_client_class_dependency (
    class_id bigint NOT NULL,
    dependency_id bigint NOT NULL
);

CREATE TABLE dhcp6_client_class_order (
    class_id bigint NOT NULL,
    order_index bigint NOT NULL,
    depend_on_known_indirectly boolean DEFAULT false NOT NULL
);

CREATE TABLE dhcp6_client_class_server (
    class_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone
);

CREATE TABLE dhcp6_global_parameter (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    value text NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    parameter_type smallint NOT NULL
);

CREATE TABLE dhcp6_global_parameter_server (
    parameter_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp6_option_def (
    id integer NOT NULL,
    code smallint NOT NULL,
    name character varying(128) NOT NULL,
    space character varying(128) NOT NULL,
    type smallint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    is_array boolean NOT NULL,
    encapsulate character varying(128) NOT NULL,
    record_types character varying,
    user_context json,
    class_id bigint
);

CREATE TABLE dhcp6_option_def_server (
    option_def_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp6_options (
    option_id integer NOT NULL,
    code integer NOT NULL,
    value bytea,
    formatted_value text,
    space character varying(128) DEFAULT NULL::character varying,
    persistent boolean DEFAULT false NOT NULL,
    dhcp_client_class character varying(128) DEFAULT NULL::character varying,
    dhcp6_subnet_id bigint,
    host_id integer,
    scope_id smallint NOT NULL,
    user_context text,
    shared_network_name character varying(128) DEFAULT NULL::character varying,
    pool_id bigint,
    pd_pool_id bigint,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp6_options_server (
    option_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp6_pd_pool (
    id integer NOT NULL,
    prefix character varying(45) NOT NULL,
    prefix_length smallint NOT NULL,
    delegated_prefix_length smallint NOT NULL,
    subnet_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    excluded_prefix character varying(45) DEFAULT NULL::character varying,
    excluded_prefix_length smallint NOT NULL,
    client_class character varying(128) DEFAULT NULL::character varying,
    require_client_classes text,
    user_context json
);

CREATE TABLE dhcp6_pool (
    id integer NOT NULL,
    start_address inet NOT NULL,
    end_address inet NOT NULL,
    subnet_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_class character varying(128) DEFAULT NULL::character varying,
    require_client_classes text,
    user_context json
);

CREATE TABLE dhcp6_server (
    id integer NOT NULL,
    tag character varying(64) NOT NULL,
    description text,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp6_shared_network (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    client_class character varying(128) DEFAULT NULL::character varying,
    interface character varying(128) DEFAULT NULL::character varying,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    preferred_lifetime bigint,
    rapid_commit boolean,
    rebind_timer bigint,
    relay text,
    renew_timer bigint,
    require_client_classes text,
    user_context json,
    valid_lifetime bigint,
    calculate_tee_times boolean,
    t1_percent double precision,
    t2_percent double precision,
    interface_id bytea,
    min_preferred_lifetime bigint,
    max_preferred_lifetime bigint,
    min_valid_lifetime bigint,
    max_valid_lifetime bigint,
    ddns_send_updates boolean,
    ddns_override_no_update boolean,
    ddns_override_client_update boolean,
    ddns_replace_client_name bigint,
    ddns_generated_prefix character varying(255) DEFAULT NULL::character varying,
    ddns_qualifying_suffix character varying(255) DEFAULT NULL::character varying,
    reservations_global boolean,
    reservations_in_subnet boolean,
    reservations_out_of_pool boolean,
    cache_threshold double precision,
    cache_max_age bigint
);

CREATE TABLE dhcp6_shared_network_server (
    shared_network_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp6_subnet (
    subnet_id bigint NOT NULL,
    subnet_prefix character varying(64) NOT NULL,
    client_class character varying(128) DEFAULT NULL::character varying,
    interface character varying(128) DEFAULT NULL::character varying,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    preferred_lifetime bigint,
    rapid_commit boolean,
    rebind_timer bigint,
    relay text,
    renew_timer bigint,
    require_client_classes text,
    shared_network_name character varying(128) DEFAULT NULL::character varying,
    user_context json,
    valid_lifetime bigint,
    calculate_tee_times boolean,
    t1_percent double precision,
    t2_percent double precision,
    interface_id bytea,
    min_preferred_lifetime bigint,
    max_preferred_lifetime bigint,
    min_valid_lifetime bigint,
    max_valid_lifetime bigint,
    ddns_send_updates boolean,
    ddns_override_no_update boolean,
    ddns_override_client_update boolean,
    ddns_replace_client_name bigint,
    ddns_generated_prefix character varying(255) DEFAULT NULL::character varying,
    ddns_qualifying_suffix character varying(255) DEFAULT NULL::character varying,
    reservations_global boolean,
    reservations_in_subnet boolean,
    reservations_out_of_pool boolean,
    cache_threshold double precision,
    cache_max_age bigint
);

CREATE TABLE dhcp6_subnet_server (
    subnet_id bigint NOT NULL,
    server_id bigint NOT NULL,
    modification_ts timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE dhcp_option_scope (
    scope_id smallint NOT NULL,
    scope_name character varying(32) DEFAULT NULL::character varying
);

CREATE TABLE host_identifier_type (
    type smallint NOT NULL,
    name character varying(32) DEFAULT NULL::character varying
);

CREATE TABLE hosts (
    host_id integer NOT NULL,
    dhcp_identifier bytea NOT NULL,
    dhcp_identifier_type smallint NOT NULL,
    dhcp4_subnet_id bigint,
    dhcp6_subnet_id bigint,
    ipv4_address bigint,
    hostname character varying(255) DEFAULT NULL::character varying,
    dhcp4_client_classes character varying(255) DEFAULT NULL::character varying,
    dhcp6_client_classes character varying(255) DEFAULT NULL::character varying,
    dhcp4_next_server bigint,
    dhcp4_server_hostname character varying(64) DEFAULT NULL::character varying,
    dhcp4_boot_file_name character varying(128) DEFAULT NULL::character varying,
    user_context text,
    auth_key character varying(32) DEFAULT NULL::character varying
);

CREATE TABLE ipv6_reservations (
    reservation_id integer NOT NULL,
    address character varying(39) NOT NULL,
    prefix_len smallint DEFAULT '128'::smallint NOT NULL,
    type smallint DEFAULT '0'::smallint NOT NULL,
    dhcp6_iaid integer,
    host_id integer NOT NULL
);

CREATE TABLE lease4 (
    address bigint NOT NULL,
    hwaddr bytea,
    client_id bytea,
    valid_lifetime bigint,
    expire timestamp with time zone,
    subnet_id bigint,
    fqdn_fwd boolean,
    fqdn_rev boolean,
    hostname character varying(255),
    state bigint DEFAULT 0,
    user_context text
);

CREATE TABLE lease4_stat (
    subnet_id bigint NOT NULL,
    state bigint NOT NULL,
    leases bigint
);

CREATE TABLE lease4_stat_by_client_class (
    client_class character varying(128) NOT NULL,
    leases bigint NOT NULL
);

CREATE TABLE lease6 (
    address character varying(39) NOT NULL,
    duid bytea,
    valid_lifetime bigint,
    expire timestamp with time zone,
    subnet_id bigint,
    pref_lifetime bigint,
    lease_type smallint,
    iaid integer,
    prefix_len smallint,
    fqdn_fwd boolean,
    fqdn_rev boolean,
    hostname character varying(255),
    state bigint DEFAULT 0,
    hwaddr bytea,
    hwtype smallint,
    hwaddr_source smallint,
    user_context text
);

CREATE TABLE lease6_stat (
    subnet_id bigint NOT NULL,
    lease_type smallint NOT NULL,
    state bigint NOT NULL,
    leases bigint
);

CREATE TABLE lease6_stat_by_client_class (
    client_class character varying(128) NOT NULL,
    lease_type smallint NOT NULL,
    leases bigint NOT NULL
);

CREATE TABLE lease6_types (
    lease_type smallint NOT NULL,
    name character varying(5)
);

CREATE TABLE lease_hwaddr_source (
    hwaddr_source integer NOT NULL,
    name character varying(40) DEFAULT NULL::character varying
);

CREATE TABLE lease_state (
    state bigint NOT NULL,
    name character varying(64) NOT NULL
);

CREATE TABLE logs (
    "timestamp" timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    address character varying(43),
    log text NOT NULL
);

CREATE TABLE modification (
    id smallint NOT NULL,
    modification_type character varying(32) NOT NULL
);

CREATE TABLE parameter_data_type (
    id smallint NOT NULL,
    name character varying(32) NOT NULL
);

CREATE TABLE schema_version (
    version integer NOT NULL,
    minor integer
);

CREATE SEQUENCE dhcp4_audit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_audit_id_seq OWNED BY dhcp4_audit.id;

CREATE SEQUENCE dhcp4_audit_revision_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_audit_revision_id_seq OWNED BY dhcp4_audit_revision.id;

CREATE SEQUENCE dhcp4_client_class_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_client_class_id_seq OWNED BY dhcp4_client_class.id;

CREATE SEQUENCE dhcp4_global_parameter_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_global_parameter_id_seq OWNED BY dhcp4_global_parameter.id;

CREATE SEQUENCE dhcp4_option_def_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_option_def_id_seq OWNED BY dhcp4_option_def.id;

CREATE SEQUENCE dhcp4_options_option_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_options_option_id_seq OWNED BY dhcp4_options.option_id;

CREATE SEQUENCE dhcp4_pool_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_pool_id_seq OWNED BY dhcp4_pool.id;

CREATE SEQUENCE dhcp4_server_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_server_id_seq OWNED BY dhcp4_server.id;

CREATE SEQUENCE dhcp4_shared_network_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp4_shared_network_id_seq OWNED BY dhcp4_shared_network.id;

CREATE SEQUENCE dhcp6_audit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_audit_id_seq OWNED BY dhcp6_audit.id;

CREATE SEQUENCE dhcp6_audit_revision_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_audit_revision_id_seq OWNED BY dhcp6_audit_revision.id;

CREATE SEQUENCE dhcp6_client_class_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_client_class_id_seq OWNED BY dhcp6_client_class.id;

CREATE SEQUENCE dhcp6_global_parameter_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_global_parameter_id_seq OWNED BY dhcp6_global_parameter.id;

CREATE SEQUENCE dhcp6_option_def_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_option_def_id_seq OWNED BY dhcp6_option_def.id;

CREATE SEQUENCE dhcp6_options_option_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_options_option_id_seq OWNED BY dhcp6_options.option_id;

CREATE SEQUENCE dhcp6_pd_pool_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_pd_pool_id_seq OWNED BY dhcp6_pd_pool.id;

CREATE SEQUENCE dhcp6_pool_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_pool_id_seq OWNED BY dhcp6_pool.id;

CREATE SEQUENCE dhcp6_server_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_server_id_seq OWNED BY dhcp6_server.id;

CREATE SEQUENCE dhcp6_shared_network_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE dhcp6_shared_network_id_seq OWNED BY dhcp6_shared_network.id;

CREATE SEQUENCE hosts_host_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE hosts_host_id_seq OWNED BY hosts.host_id;

CREATE SEQUENCE ipv6_reservations_reservation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE ipv6_reservations_reservation_id_seq OWNED BY ipv6_reservations.reservation_id;

ALTER TABLE ONLY dhcp4_audit ALTER COLUMN id SET DEFAULT nextval('dhcp4_audit_id_seq'::regclass);
ALTER TABLE ONLY dhcp4_audit_revision ALTER COLUMN id SET DEFAULT nextval('dhcp4_audit_revision_id_seq'::regclass);
ALTER TABLE ONLY dhcp4_client_class ALTER COLUMN id SET DEFAULT nextval('dhcp4_client_class_id_seq'::regclass);
ALTER TABLE ONLY dhcp4_global_parameter ALTER COLUMN id SET DEFAULT nextval('dhcp4_global_parameter_id_seq'::regclass);
ALTER TABLE ONLY dhcp4_option_def ALTER COLUMN id SET DEFAULT nextval('dhcp4_option_def_id_seq'::regclass);
ALTER TABLE ONLY dhcp4_options ALTER COLUMN option_id SET DEFAULT nextval('dhcp4_options_option_id_seq'::regclass);
ALTER TABLE ONLY dhcp4_pool ALTER COLUMN id SET DEFAULT nextval('dhcp4_pool_id_seq'::regclass);
ALTER TABLE ONLY dhcp4_server ALTER COLUMN id SET DEFAULT nextval('dhcp4_server_id_seq'::regclass);
ALTER TABLE ONLY dhcp4_shared_network ALTER COLUMN id SET DEFAULT nextval('dhcp4_shared_network_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_audit ALTER COLUMN id SET DEFAULT nextval('dhcp6_audit_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_audit_revision ALTER COLUMN id SET DEFAULT nextval('dhcp6_audit_revision_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_client_class ALTER COLUMN id SET DEFAULT nextval('dhcp6_client_class_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_global_parameter ALTER COLUMN id SET DEFAULT nextval('dhcp6_global_parameter_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_option_def ALTER COLUMN id SET DEFAULT nextval('dhcp6_option_def_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_options ALTER COLUMN option_id SET DEFAULT nextval('dhcp6_options_option_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_pd_pool ALTER COLUMN id SET DEFAULT nextval('dhcp6_pd_pool_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_pool ALTER COLUMN id SET DEFAULT nextval('dhcp6_pool_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_server ALTER COLUMN id SET DEFAULT nextval('dhcp6_server_id_seq'::regclass);
ALTER TABLE ONLY dhcp6_shared_network ALTER COLUMN id SET DEFAULT nextval('dhcp6_shared_network_id_seq'::regclass);
ALTER TABLE ONLY hosts ALTER COLUMN host_id SET DEFAULT nextval('hosts_host_id_seq'::regclass);
ALTER TABLE ONLY ipv6_reservations ALTER COLUMN reservation_id SET DEFAULT nextval('ipv6_reservations_reservation_id_seq'::regclass);

ALTER TABLE ONLY ddns_replace_client_name_types
    ADD CONSTRAINT ddns_replace_client_name_types_pkey PRIMARY KEY (type);

ALTER TABLE ONLY dhcp4_audit
    ADD CONSTRAINT dhcp4_audit_id_key UNIQUE (id);

ALTER TABLE ONLY dhcp4_audit_revision
    ADD CONSTRAINT dhcp4_audit_revision_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp4_client_class_dependency
    ADD CONSTRAINT dhcp4_client_class_dependency_pkey PRIMARY KEY (class_id, dependency_id);

ALTER TABLE ONLY dhcp4_client_class
    ADD CONSTRAINT dhcp4_client_class_name_key UNIQUE (name);

ALTER TABLE ONLY dhcp4_client_class_order
    ADD CONSTRAINT dhcp4_client_class_order_pkey PRIMARY KEY (class_id);

ALTER TABLE ONLY dhcp4_client_class
    ADD CONSTRAINT dhcp4_client_class_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp4_client_class_server
    ADD CONSTRAINT dhcp4_client_class_server_pkey PRIMARY KEY (class_id, server_id);

ALTER TABLE ONLY dhcp4_global_parameter
    ADD CONSTRAINT dhcp4_global_parameter_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp4_global_parameter_server
    ADD CONSTRAINT dhcp4_global_parameter_server_pkey PRIMARY KEY (parameter_id, server_id);

ALTER TABLE ONLY dhcp4_option_def
    ADD CONSTRAINT dhcp4_option_def_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp4_option_def_server
    ADD CONSTRAINT dhcp4_option_def_server_pkey PRIMARY KEY (option_def_id, server_id);

ALTER TABLE ONLY dhcp4_options
    ADD CONSTRAINT dhcp4_options_pkey PRIMARY KEY (option_id);

ALTER TABLE ONLY dhcp4_options_server
    ADD CONSTRAINT dhcp4_options_server_pkey PRIMARY KEY (option_id, server_id);

ALTER TABLE ONLY dhcp4_pool
    ADD CONSTRAINT dhcp4_pool_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp4_server
    ADD CONSTRAINT dhcp4_server_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp4_server
    ADD CONSTRAINT dhcp4_server_tag_key UNIQUE (tag);

ALTER TABLE ONLY dhcp4_shared_network
    ADD CONSTRAINT dhcp4_shared_network_name_key UNIQUE (name);

ALTER TABLE ONLY dhcp4_shared_network
    ADD CONSTRAINT dhcp4_shared_network_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp4_shared_network_server
    ADD CONSTRAINT dhcp4_shared_network_server_pkey PRIMARY KEY (shared_network_id, server_id);

ALTER TABLE ONLY dhcp4_subnet
    ADD CONSTRAINT dhcp4_subnet_pkey PRIMARY KEY (subnet_id);

ALTER TABLE ONLY dhcp4_subnet_server
    ADD CONSTRAINT dhcp4_subnet_server_pkey PRIMARY KEY (subnet_id, server_id);

ALTER TABLE ONLY dhcp4_subnet
    ADD CONSTRAINT dhcp4_subnet_subnet_prefix_key UNIQUE (subnet_prefix);

ALTER TABLE ONLY dhcp6_audit
    ADD CONSTRAINT dhcp6_audit_id_key UNIQUE (id);

ALTER TABLE ONLY dhcp6_audit_revision
    ADD CONSTRAINT dhcp6_audit_revision_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp6_client_class_dependency
    ADD CONSTRAINT dhcp6_client_class_dependency_pkey PRIMARY KEY (class_id, dependency_id);

ALTER TABLE ONLY dhcp6_client_class
    ADD CONSTRAINT dhcp6_client_class_name_key UNIQUE (name);

ALTER TABLE ONLY dhcp6_client_class_order
    ADD CONSTRAINT dhcp6_client_class_order_pkey PRIMARY KEY (class_id);

ALTER TABLE ONLY dhcp6_client_class
    ADD CONSTRAINT dhcp6_client_class_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp6_client_class_server
    ADD CONSTRAINT dhcp6_client_class_server_pkey PRIMARY KEY (class_id, server_id);

ALTER TABLE ONLY dhcp6_global_parameter
    ADD CONSTRAINT dhcp6_global_parameter_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp6_global_parameter_server
    ADD CONSTRAINT dhcp6_global_parameter_server_pkey PRIMARY KEY (parameter_id, server_id);

ALTER TABLE ONLY dhcp6_option_def
    ADD CONSTRAINT dhcp6_option_def_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp6_option_def_server
    ADD CONSTRAINT dhcp6_option_def_server_pkey PRIMARY KEY (option_def_id, server_id);

ALTER TABLE ONLY dhcp6_options
    ADD CONSTRAINT dhcp6_options_pkey PRIMARY KEY (option_id);

ALTER TABLE ONLY dhcp6_options_server
    ADD CONSTRAINT dhcp6_options_server_pkey PRIMARY KEY (option_id, server_id);

ALTER TABLE ONLY dhcp6_pd_pool
    ADD CONSTRAINT dhcp6_pd_pool_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp6_pool
    ADD CONSTRAINT dhcp6_pool_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp6_server
    ADD CONSTRAINT dhcp6_server_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp6_server
    ADD CONSTRAINT dhcp6_server_tag_key UNIQUE (tag);

ALTER TABLE ONLY dhcp6_shared_network
    ADD CONSTRAINT dhcp6_shared_network_name_key UNIQUE (name);

ALTER TABLE ONLY dhcp6_shared_network
    ADD CONSTRAINT dhcp6_shared_network_pkey PRIMARY KEY (id);

ALTER TABLE ONLY dhcp6_shared_network_server
    ADD CONSTRAINT dhcp6_shared_network_server_pkey PRIMARY KEY (shared_network_id, server_id);

ALTER TABLE ONLY dhcp6_subnet
    ADD CONSTRAINT dhcp6_subnet_pkey PRIMARY KEY (subnet_id);

ALTER TABLE ONLY dhcp6_subnet_server
    ADD CONSTRAINT dhcp6_subnet_server_pkey PRIMARY KEY (subnet_id, server_id);

ALTER TABLE ONLY dhcp6_subnet
    ADD CONSTRAINT dhcp6_subnet_subnet_prefix_key UNIQUE (subnet_prefix);

ALTER TABLE ONLY dhcp_option_scope
    ADD CONSTRAINT dhcp_option_scope_pkey PRIMARY KEY (scope_id);

ALTER TABLE ONLY host_identifier_type
    ADD CONSTRAINT host_identifier_type_pkey PRIMARY KEY (type);

ALTER TABLE ONLY hosts
    ADD CONSTRAINT hosts_pkey PRIMARY KEY (host_id);

ALTER TABLE ONLY ipv6_reservations
    ADD CONSTRAINT ipv6_reservations_pkey PRIMARY KEY (reservation_id);

ALTER TABLE ONLY lease4
    ADD CONSTRAINT lease4_pkey PRIMARY KEY (address);

ALTER TABLE ONLY lease4_stat_by_client_class
    ADD CONSTRAINT lease4_stat_by_client_class_pkey PRIMARY KEY (client_class);

ALTER TABLE ONLY lease4_stat
    ADD CONSTRAINT lease4_stat_pkey PRIMARY KEY (subnet_id, state);

ALTER TABLE ONLY lease6
    ADD CONSTRAINT lease6_pkey PRIMARY KEY (address);

ALTER TABLE ONLY lease6_stat_by_client_class
    ADD CONSTRAINT lease6_stat_by_client_class_pkey PRIMARY KEY (client_class, lease_type);

ALTER TABLE ONLY lease6_stat
    ADD CONSTRAINT lease6_stat_pkey PRIMARY KEY (subnet_id, lease_type, state);

ALTER TABLE ONLY lease6_types
    ADD CONSTRAINT lease6_types_pkey PRIMARY KEY (lease_type);

ALTER TABLE ONLY lease_hwaddr_source
    ADD CONSTRAINT lease_hwaddr_source_pkey PRIMARY KEY (hwaddr_source);

ALTER TABLE ONLY lease_state
    ADD CONSTRAINT lease_state_pkey PRIMARY KEY (state);

ALTER TABLE ONLY modification
    ADD CONSTRAINT modification_pkey PRIMARY KEY (id);

ALTER TABLE ONLY parameter_data_type
    ADD CONSTRAINT parameter_data_type_pkey PRIMARY KEY (id);

ALTER TABLE ONLY schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);

CREATE INDEX address_id ON logs USING btree (address);
CREATE INDEX dhcp4_audit_idx1 ON dhcp4_audit USING btree (modification_type);
CREATE INDEX dhcp4_audit_idx2 ON dhcp4_audit USING btree (revision_id);
CREATE INDEX dhcp4_client_class_dependency_id_idx ON dhcp4_client_class_dependency USING btree (dependency_id);
CREATE INDEX dhcp4_global_parameter_idx1 ON dhcp4_global_parameter USING btree (modification_ts);
CREATE INDEX dhcp4_global_parameter_idx2 ON dhcp4_global_parameter USING btree (name);
CREATE INDEX dhcp4_option_def_idx1 ON dhcp4_option_def USING btree (modification_ts);
CREATE INDEX dhcp4_option_def_idx2 ON dhcp4_option_def USING btree (code, space);
CREATE INDEX dhcp4_options_server_idx1 ON dhcp4_options_server USING btree (server_id);
CREATE INDEX dhcp4_options_server_idx2 ON dhcp4_options_server USING btree (modification_ts);
CREATE INDEX dhcp4_pool_idx1 ON dhcp4_pool USING btree (modification_ts);
CREATE INDEX dhcp4_pool_idx2 ON dhcp4_pool USING btree (subnet_id);
CREATE INDEX dhcp4_server_modification_ts ON dhcp6_server USING btree (modification_ts);
CREATE UNIQUE INDEX dhcp4_shared_network_idx1 ON dhcp4_shared_network USING btree (name);
CREATE INDEX dhcp4_shared_network_idx2 ON dhcp4_shared_network USING btree (modification_ts);
CREATE INDEX dhcp4_shared_network_server_idx1 ON dhcp4_shared_network_server USING btree (modification_ts);
CREATE INDEX dhcp4_shared_network_server_idx2 ON dhcp4_shared_network_server USING btree (server_id);
CREATE INDEX dhcp4_subnet_idx1 ON dhcp4_subnet USING btree (modification_ts);
CREATE INDEX dhcp4_subnet_idx2 ON dhcp4_subnet USING btree (shared_network_name);
CREATE INDEX dhcp4_subnet_server_idx1 ON dhcp4_subnet_server USING btree (server_id);
CREATE INDEX dhcp4_subnet_server_idx2 ON dhcp4_subnet_server USING btree (modification_ts);
CREATE INDEX dhcp6_audit_idx1 ON dhcp6_audit USING btree (modification_type);
CREATE INDEX dhcp6_audit_idx2 ON dhcp6_audit USING btree (revision_id);
CREATE INDEX dhcp6_client_class_dependency_id_idx ON dhcp6_client_class_dependency USING btree (dependency_id);
CREATE INDEX dhcp6_option_def_idx1 ON dhcp6_option_def USING btree (modification_ts);
CREATE INDEX dhcp6_option_def_idx2 ON dhcp6_option_def USING btree (code, space);
CREATE INDEX dhcp6_options_server_idx1 ON dhcp6_options_server USING btree (server_id);
CREATE INDEX dhcp6_options_server_idx2 ON dhcp6_options_server USING btree (modification_ts);
CREATE INDEX dhcp6_pd_pool_idx1 ON dhcp6_pd_pool USING btree (modification_ts);
CREATE INDEX dhcp6_pd_pool_idx2 ON dhcp6_pd_pool USING btree (subnet_id);
CREATE INDEX dhcp6_pool_idx1 ON dhcp6_pool USING btree (modification_ts);
CREATE INDEX dhcp6_pool_idx2 ON dhcp6_pool USING btree (subnet_id);
CREATE INDEX dhcp6_server_idx1 ON dhcp6_server USING btree (modification_ts);
CREATE UNIQUE INDEX dhcp6_server_idx2 ON dhcp6_server USING btree (tag);
CREATE INDEX dhcp6_shared_network_idx1 ON dhcp6_shared_network USING btree (name);
CREATE INDEX dhcp6_shared_network_server_idx1 ON dhcp6_shared_network_server USING btree (modification_ts);
CREATE INDEX dhcp6_shared_network_server_idx2 ON dhcp6_shared_network_server USING btree (server_id);
CREATE INDEX dhcp6_subnet_idx1 ON dhcp6_subnet USING btree (modification_ts);
CREATE INDEX dhcp6_subnet_idx2 ON dhcp6_subnet USING btree (shared_network_name);
CREATE INDEX dhcp6_subnet_server_idx1 ON dhcp6_subnet_server USING btree (server_id);
CREATE INDEX dhcp6_subnet_server_idx2 ON dhcp6_subnet_server USING btree (modification_ts);
CREATE INDEX fk_dhcp4_client_class_server_id ON dhcp4_client_class_server USING btree (server_id);
CREATE INDEX fk_dhcp4_global_parameter_server_server_id ON dhcp4_global_parameter_server USING btree (server_id);
CREATE INDEX fk_dhcp4_option_def_client_class_id ON dhcp4_option_def USING btree (class_id);
CREATE INDEX fk_dhcp4_option_def_server_server_id ON dhcp4_option_def_server USING btree (server_id);
CREATE INDEX fk_dhcp4_options_host1_idx ON dhcp4_options USING btree (host_id);
CREATE INDEX fk_dhcp4_options_pool ON dhcp4_options USING btree (pool_id);
CREATE INDEX fk_dhcp4_options_scope_idx ON dhcp4_options USING btree (scope_id);
CREATE INDEX fk_dhcp4_options_shared_network ON dhcp4_options USING btree (shared_network_name);
CREATE INDEX fk_dhcp4_options_subnet ON dhcp4_options USING btree (dhcp4_subnet_id);
CREATE INDEX fk_dhcp6_client_class_server_id ON dhcp6_client_class_server USING btree (server_id);
CREATE INDEX fk_dhcp6_global_parameter_server_server_id ON dhcp6_global_parameter_server USING btree (server_id);
CREATE INDEX fk_dhcp6_option_def_client_class_id ON dhcp6_option_def USING btree (class_id);
CREATE INDEX fk_dhcp6_option_def_server_server_id ON dhcp6_option_def_server USING btree (server_id);
CREATE INDEX fk_dhcp6_options_host1_idx ON dhcp6_options USING btree (host_id);
CREATE INDEX fk_dhcp6_options_pd_pool ON dhcp6_options USING btree (pd_pool_id);
CREATE INDEX fk_dhcp6_options_pool ON dhcp6_options USING btree (pool_id);
CREATE INDEX fk_dhcp6_options_scope_idx ON dhcp6_options USING btree (scope_id);
CREATE INDEX fk_dhcp6_options_shared_network ON dhcp6_options USING btree (shared_network_name);
CREATE INDEX fk_dhcp6_options_subnet ON dhcp6_options USING btree (dhcp6_subnet_id);
CREATE INDEX fk_host_identifier_type ON hosts USING btree (dhcp_identifier_type);
CREATE INDEX fk_ipv6_reservations_host_idx ON ipv6_reservations USING btree (host_id);
CREATE INDEX hosts_by_hostname ON hosts USING btree (lower((hostname)::text)) WHERE (hostname IS NOT NULL);
CREATE INDEX key_dhcp4_client_class_modification_ts ON dhcp4_client_class USING btree (modification_ts);
CREATE INDEX key_dhcp4_client_class_order_index ON dhcp4_client_class_order USING btree (order_index);
CREATE INDEX key_dhcp4_global_parameter_idx1 ON dhcp4_global_parameter_server USING btree (modification_ts);
CREATE UNIQUE INDEX key_dhcp4_identifier_subnet_id ON hosts USING btree (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id) WHERE (dhcp4_subnet_id IS NOT NULL);
CREATE INDEX key_dhcp4_ipv4_address_subnet_id ON hosts USING btree (ipv4_address, dhcp4_subnet_id);
CREATE INDEX key_dhcp6_address_prefix_len ON ipv6_reservations USING btree (address, prefix_len);
CREATE INDEX key_dhcp6_client_class_modification_ts ON dhcp6_client_class USING btree (modification_ts);
CREATE INDEX key_dhcp6_client_class_order_index ON dhcp6_client_class_order USING btree (order_index);
CREATE INDEX key_dhcp6_global_parameter_idx1 ON dhcp6_global_parameter USING btree (modification_ts);
CREATE INDEX key_dhcp6_global_parameter_idx2 ON dhcp6_global_parameter USING btree (name);
CREATE INDEX key_dhcp6_global_parameter_server_idx1 ON dhcp6_global_parameter_server USING btree (modification_ts);
CREATE UNIQUE INDEX key_dhcp6_identifier_subnet_id ON hosts USING btree (dhcp_identifier, dhcp_identifier_type, dhcp6_subnet_id) WHERE (dhcp6_subnet_id IS NOT NULL);
CREATE INDEX key_dhcp_identifier ON hosts USING btree (dhcp_identifier, dhcp_identifier_type);
CREATE INDEX lease4_by_client_id_subnet_id ON lease4 USING btree (client_id, subnet_id);
CREATE INDEX lease4_by_hostname ON lease4 USING btree (lower((hostname)::text)) WHERE (hostname IS NOT NULL);
CREATE INDEX lease4_by_hwaddr_subnet_id ON lease4 USING btree (hwaddr, subnet_id);
CREATE INDEX lease4_by_state_expire ON lease4 USING btree (state, expire);
CREATE INDEX lease4_by_subnet_id ON lease4 USING btree (subnet_id);
CREATE INDEX lease6_by_duid_iaid_subnet_id ON lease6 USING btree (duid, iaid, subnet_id);
CREATE INDEX lease6_by_hostname ON lease6 USING btree (lower((hostname)::text)) WHERE (hostname IS NOT NULL);
CREATE INDEX lease6_by_state_expire ON lease6 USING btree (state, expire);
CREATE INDEX lease6_by_subnet_id_lease_type ON lease6 USING btree (subnet_id, lease_type);
CREATE INDEX timestamp_id ON logs USING btree ("timestamp");

ALTER TABLE ONLY dhcp4_client_class_dependency
    ADD CONSTRAINT dhcp4_client_class_class_id FOREIGN KEY (class_id) REFERENCES dhcp4_client_class(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_client_class_dependency
    ADD CONSTRAINT dhcp4_client_class_dependency_id FOREIGN KEY (dependency_id) REFERENCES dhcp4_client_class(id);

ALTER TABLE ONLY dhcp4_option_def_server
    ADD CONSTRAINT dhcp4_option_def_server_option_def_id_fkey FOREIGN KEY (option_def_id) REFERENCES dhcp4_option_def(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_option_def_server
    ADD CONSTRAINT dhcp4_option_def_server_server_id_fkey FOREIGN KEY (server_id) REFERENCES dhcp4_server(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_client_class_dependency
    ADD CONSTRAINT dhcp6_client_class_class_id FOREIGN KEY (class_id) REFERENCES dhcp6_client_class(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_client_class_dependency
    ADD CONSTRAINT dhcp6_client_class_dependency_id FOREIGN KEY (dependency_id) REFERENCES dhcp6_client_class(id);

ALTER TABLE ONLY dhcp6_option_def_server
    ADD CONSTRAINT dhcp6_option_def_server_option_def_id_fkey FOREIGN KEY (option_def_id) REFERENCES dhcp6_option_def(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_option_def_server
    ADD CONSTRAINT dhcp6_option_def_server_server_id_fkey FOREIGN KEY (server_id) REFERENCES dhcp6_server(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_shared_network
    ADD CONSTRAINT fk_ddns_replace_client_name FOREIGN KEY (ddns_replace_client_name) REFERENCES ddns_replace_client_name_types(type);

ALTER TABLE ONLY dhcp4_subnet
    ADD CONSTRAINT fk_ddns_replace_client_name FOREIGN KEY (ddns_replace_client_name) REFERENCES ddns_replace_client_name_types(type);

ALTER TABLE ONLY dhcp6_shared_network
    ADD CONSTRAINT fk_ddns_replace_client_name FOREIGN KEY (ddns_replace_client_name) REFERENCES ddns_replace_client_name_types(type);

ALTER TABLE ONLY dhcp6_subnet
    ADD CONSTRAINT fk_ddns_replace_client_name FOREIGN KEY (ddns_replace_client_name) REFERENCES ddns_replace_client_name_types(type);

ALTER TABLE ONLY dhcp4_audit
    ADD CONSTRAINT fk_dhcp4_audit_modification_type FOREIGN KEY (modification_type) REFERENCES modification(id);

ALTER TABLE ONLY dhcp4_audit
    ADD CONSTRAINT fk_dhcp4_audit_revision FOREIGN KEY (revision_id) REFERENCES dhcp4_audit_revision(id) ON UPDATE CASCADE;

ALTER TABLE ONLY dhcp4_client_class_server
    ADD CONSTRAINT fk_dhcp4_client_class_class_id FOREIGN KEY (class_id) REFERENCES dhcp4_client_class(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_client_class_order
    ADD CONSTRAINT fk_dhcp4_client_class_order_class_id FOREIGN KEY (class_id) REFERENCES dhcp4_client_class(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_client_class_server
    ADD CONSTRAINT fk_dhcp4_client_class_server_id FOREIGN KEY (server_id) REFERENCES dhcp4_server(id);

ALTER TABLE ONLY dhcp4_global_parameter_server
    ADD CONSTRAINT fk_dhcp4_global_parameter_server_parameter_id FOREIGN KEY (parameter_id) REFERENCES dhcp4_global_parameter(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_global_parameter_server
    ADD CONSTRAINT fk_dhcp4_global_parameter_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp4_server(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_option_def
    ADD CONSTRAINT fk_dhcp4_option_def_client_class_id FOREIGN KEY (class_id) REFERENCES dhcp4_client_class(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_option_def_server
    ADD CONSTRAINT fk_dhcp4_option_def_server_option_def_id FOREIGN KEY (option_def_id) REFERENCES dhcp4_option_def(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_option_def_server
    ADD CONSTRAINT fk_dhcp4_option_def_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp4_server(id);

ALTER TABLE ONLY dhcp4_options
    ADD CONSTRAINT fk_dhcp4_option_scode FOREIGN KEY (scope_id) REFERENCES dhcp_option_scope(scope_id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_options
    ADD CONSTRAINT fk_dhcp4_options_pool FOREIGN KEY (pool_id) REFERENCES dhcp4_pool(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_options_server
    ADD CONSTRAINT fk_dhcp4_options_server_option_id FOREIGN KEY (option_id) REFERENCES dhcp4_options(option_id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_options_server
    ADD CONSTRAINT fk_dhcp4_options_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp4_server(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_options
    ADD CONSTRAINT fk_dhcp4_options_shared_network FOREIGN KEY (shared_network_name) REFERENCES dhcp4_shared_network(name) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_options
    ADD CONSTRAINT fk_dhcp4_options_subnet FOREIGN KEY (dhcp4_subnet_id) REFERENCES dhcp4_subnet(subnet_id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_pool
    ADD CONSTRAINT fk_dhcp4_pool_subnet_id FOREIGN KEY (subnet_id) REFERENCES dhcp4_subnet(subnet_id);

ALTER TABLE ONLY dhcp4_shared_network_server
    ADD CONSTRAINT fk_dhcp4_shared_network_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp4_server(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_shared_network_server
    ADD CONSTRAINT fk_dhcp4_shared_network_server_shared_network_id FOREIGN KEY (shared_network_id) REFERENCES dhcp4_shared_network(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_subnet_server
    ADD CONSTRAINT fk_dhcp4_subnet_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp4_server(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_subnet_server
    ADD CONSTRAINT fk_dhcp4_subnet_server_subnet_id FOREIGN KEY (subnet_id) REFERENCES dhcp4_subnet(subnet_id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_subnet
    ADD CONSTRAINT fk_dhcp4_subnet_shared_network FOREIGN KEY (shared_network_name) REFERENCES dhcp4_shared_network(name);

ALTER TABLE ONLY dhcp6_audit
    ADD CONSTRAINT fk_dhcp6_audit_modification_type FOREIGN KEY (modification_type) REFERENCES modification(id);

ALTER TABLE ONLY dhcp6_audit
    ADD CONSTRAINT fk_dhcp6_audit_revision FOREIGN KEY (revision_id) REFERENCES dhcp6_audit_revision(id) ON UPDATE CASCADE;

ALTER TABLE ONLY dhcp6_client_class_server
    ADD CONSTRAINT fk_dhcp6_client_class_class_id FOREIGN KEY (class_id) REFERENCES dhcp6_client_class(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_client_class_order
    ADD CONSTRAINT fk_dhcp6_client_class_order_class_id FOREIGN KEY (class_id) REFERENCES dhcp6_client_class(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_client_class_server
    ADD CONSTRAINT fk_dhcp6_client_class_server_id FOREIGN KEY (server_id) REFERENCES dhcp6_server(id);

ALTER TABLE ONLY dhcp6_global_parameter_server
    ADD CONSTRAINT fk_dhcp6_global_parameter_server_parameter_id FOREIGN KEY (parameter_id) REFERENCES dhcp6_global_parameter(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_global_parameter_server
    ADD CONSTRAINT fk_dhcp6_global_parameter_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp6_server(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp4_global_parameter
    ADD CONSTRAINT fk_dhcp6_global_parameter_type FOREIGN KEY (parameter_type) REFERENCES parameter_data_type(id);

ALTER TABLE ONLY dhcp6_global_parameter
    ADD CONSTRAINT fk_dhcp6_global_parameter_type FOREIGN KEY (parameter_type) REFERENCES parameter_data_type(id);

ALTER TABLE ONLY dhcp6_option_def
    ADD CONSTRAINT fk_dhcp6_option_def_client_class_id FOREIGN KEY (class_id) REFERENCES dhcp6_client_class(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_option_def_server
    ADD CONSTRAINT fk_dhcp6_option_def_server_option_def_id FOREIGN KEY (option_def_id) REFERENCES dhcp6_option_def(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_option_def_server
    ADD CONSTRAINT fk_dhcp6_option_def_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp6_server(id);

ALTER TABLE ONLY dhcp6_options
    ADD CONSTRAINT fk_dhcp6_option_scode FOREIGN KEY (scope_id) REFERENCES dhcp_option_scope(scope_id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_options
    ADD CONSTRAINT fk_dhcp6_options_pd_pool FOREIGN KEY (pd_pool_id) REFERENCES dhcp6_pd_pool(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_options
    ADD CONSTRAINT fk_dhcp6_options_pool FOREIGN KEY (pool_id) REFERENCES dhcp6_pool(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_options_server
    ADD CONSTRAINT fk_dhcp6_options_server_option_id FOREIGN KEY (option_id) REFERENCES dhcp6_options(option_id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_options_server
    ADD CONSTRAINT fk_dhcp6_options_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp6_server(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_options
    ADD CONSTRAINT fk_dhcp6_options_shared_network FOREIGN KEY (shared_network_name) REFERENCES dhcp6_shared_network(name) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_options
    ADD CONSTRAINT fk_dhcp6_options_subnet FOREIGN KEY (dhcp6_subnet_id) REFERENCES dhcp6_subnet(subnet_id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_pd_pool
    ADD CONSTRAINT fk_dhcp6_pd_pool_subnet_id FOREIGN KEY (subnet_id) REFERENCES dhcp6_subnet(subnet_id);

ALTER TABLE ONLY dhcp6_pool
    ADD CONSTRAINT fk_dhcp6_pool_subnet_id FOREIGN KEY (subnet_id) REFERENCES dhcp6_subnet(subnet_id);

ALTER TABLE ONLY dhcp6_shared_network_server
    ADD CONSTRAINT fk_dhcp6_shared_network_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp6_server(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_shared_network_server
    ADD CONSTRAINT fk_dhcp6_shared_network_server_shared_network_id FOREIGN KEY (shared_network_id) REFERENCES dhcp6_shared_network(id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_subnet_server
    ADD CONSTRAINT fk_dhcp6_subnet_server_server_id FOREIGN KEY (server_id) REFERENCES dhcp6_server(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_subnet_server
    ADD CONSTRAINT fk_dhcp6_subnet_server_subnet_id FOREIGN KEY (subnet_id) REFERENCES dhcp6_subnet(subnet_id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_subnet
    ADD CONSTRAINT fk_dhcp6_subnet_shared_network FOREIGN KEY (shared_network_name) REFERENCES dhcp6_shared_network(name);

ALTER TABLE ONLY hosts
    ADD CONSTRAINT fk_host_identifier_type FOREIGN KEY (dhcp_identifier_type) REFERENCES host_identifier_type(type) ON DELETE CASCADE;

ALTER TABLE ONLY ipv6_reservations
    ADD CONSTRAINT fk_ipv6_reservations_host FOREIGN KEY (host_id) REFERENCES hosts(host_id) ON DELETE CASCADE;

ALTER TABLE ONLY lease4
    ADD CONSTRAINT fk_lease4_state FOREIGN KEY (state) REFERENCES lease_state(state);

ALTER TABLE ONLY lease6_stat_by_client_class
    ADD CONSTRAINT fk_lease6_stat_by_client_class_lease_type FOREIGN KEY (lease_type) REFERENCES lease6_types(lease_type);

ALTER TABLE ONLY lease6
    ADD CONSTRAINT fk_lease6_state FOREIGN KEY (state) REFERENCES lease_state(state);

ALTER TABLE ONLY lease6
    ADD CONSTRAINT fk_lease6_type FOREIGN KEY (lease_type) REFERENCES lease6_types(lease_type);

ALTER TABLE ONLY dhcp4_options
    ADD CONSTRAINT fk_options_host1 FOREIGN KEY (host_id) REFERENCES hosts(host_id) ON DELETE CASCADE;

ALTER TABLE ONLY dhcp6_options
    ADD CONSTRAINT fk_options_host10 FOREIGN KEY (host_id) REFERENCES hosts(host_id) ON DELETE CASCADE;
--
-- PostgreSQL database dump complete
--

-- Lookup tables: fixed codes the servers store in the tables above.
INSERT INTO lease_state (state, name) VALUES (0, 'default'), (1, 'declined'), (2, 'expired-reclaimed');
INSERT INTO lease6_types (lease_type, name) VALUES (0, 'IA_NA'), (1, 'IA_TA'), (2, 'IA_PD');
INSERT INTO lease_hwaddr_source (hwaddr_source, name) VALUES
  (0, 'HWADDR_SOURCE_UNKNOWN'), (1, 'HWADDR_SOURCE_RAW'), (2, 'HWADDR_SOURCE_IPV6_LINK_LOCAL'),
  (4, 'HWADDR_SOURCE_DUID'), (8, 'HWADDR_SOURCE_CLIENT_ADDR_RELAY_OPTION'), (16, 'HWADDR_SOURCE_REMOTE_ID'),
  (32, 'HWADDR_SOURCE_SUBSCRIBER_ID'), (64, 'HWADDR_SOURCE_DOCSIS_CMTS'), (128, 'HWADDR_SOURCE_DOCSIS_MODEM');
INSERT INTO host_identifier_type (type, name) VALUES
  (0, 'hw-address'), (1, 'duid'), (2, 'circuit-id'), (3, 'client-id'), (4, 'flex-id');
INSERT INTO dhcp_option_scope (scope_id, scope_name) VALUES
  (0, 'global'), (1, 'subnet'), (2, 'client-class'), (3, 'host'), (4, 'shared-network'), (5, 'pool'), (6, 'pd-pool');
INSERT INTO modification (id, modification_type) VALUES (0, 'create'), (1, 'update'), (2, 'delete');
INSERT INTO parameter_data_type (id, name) VALUES (0, 'integer'), (1, 'real'), (2, 'boolean'), (4, 'string');
-- The server tag 'all' (id 1) stands for every server of the configuration backend.
INSERT INTO dhcp4_server (id, tag, description, modification_ts) VALUES (1, 'all', 'special type: all servers', NOW());
INSERT INTO dhcp6_server (id, tag, description, modification_ts) VALUES (1, 'all', 'special type: all servers', NOW());
SELECT setval('dhcp4_server_id_seq', 1);
SELECT setval('dhcp6_server_id_seq', 1);

-- nestor:routines-begin (db-upgrade re-creates this section)
-- ---------------------------------------------------------------------------
-- Functions and triggers. Every body below is Nestor's; the effects match what
-- Kea 2.2's servers and kea-admin expect of a schema 13.0 database.
-- ---------------------------------------------------------------------------

-- Session state shared between the servers' statements and the triggers
-- (audit revision, cascade flag, client class bookkeeping) lives in custom
-- settings "kea.*", scoped to the connection.
CREATE FUNCTION get_session_value(name text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN current_setting(name);
EXCEPTION
  WHEN undefined_object THEN
    RETURN NULL;
  WHEN OTHERS THEN
    RAISE EXCEPTION 'get_session_value(%, TEXT) failed, sqlstate: %', name, SQLSTATE;
END;
$$;

CREATE FUNCTION get_session_big_int(name text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  raw text := get_session_value(name);
BEGIN
  IF COALESCE(raw, '') = '' THEN
    RETURN 0;
  END IF;
  RETURN raw::bigint;
EXCEPTION
  WHEN OTHERS THEN
    RAISE EXCEPTION 'get_session_big_int(%) failed - text:[%] , sqlstate: %', name, raw, SQLSTATE;
END;
$$;

CREATE FUNCTION get_session_boolean(name text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  raw text := get_session_value(name);
BEGIN
  IF COALESCE(raw, '') = '' THEN
    RETURN false;
  END IF;
  RETURN raw::boolean;
EXCEPTION
  WHEN OTHERS THEN
    RAISE EXCEPTION 'get_session_boolean(%) failed - text:[%] , sqlstate: %', name, raw, SQLSTATE;
END;
$$;

CREATE FUNCTION set_session_value(name text, value text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config(name, value, false);
EXCEPTION
  WHEN OTHERS THEN
    RAISE EXCEPTION 'set_session_value(%) : value:[%] failed, sqlstate: %', name, value, SQLSTATE;
END;
$$;

CREATE FUNCTION set_session_value(name text, value bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config(name, value::text, false);
EXCEPTION
  WHEN OTHERS THEN
    RAISE EXCEPTION 'set_session_value(%) : value:[%] failed, sqlstate: %', name, value, SQLSTATE;
END;
$$;

CREATE FUNCTION set_session_value(name text, value boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config(name, value::text, false);
EXCEPTION
  WHEN OTHERS THEN
    RAISE EXCEPTION 'set_session_value(%) : value:[%] failed, sqlstate: %', name, value, SQLSTATE;
END;
$$;

-- Seconds since the epoch of a timestamp read as if it were UTC wall-clock time.
CREATE FUNCTION gmt_epoch(input_ts timestamp with time zone) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (EXTRACT(EPOCH FROM input_ts) + EXTRACT(TIMEZONE FROM input_ts))::bigint;
EXCEPTION
  WHEN OTHERS THEN
    RAISE EXCEPTION 'gmt_epoch(%) : failed, sqlstate: %', input_ts, SQLSTATE;
END;
$$;

-- A user context as JSON; the empty string counts as an empty object.
CREATE FUNCTION json_cast(json_candidate text) RETURNS json LANGUAGE plpgsql AS $$
BEGIN
  IF json_candidate = '' THEN
    RETURN '{}'::json;
  END IF;
  RETURN json_candidate::json;
END;
$$;

-- The client-class statistics need the JSON functions (PostgreSQL 9.3 and later).
CREATE FUNCTION isJsonSupported() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF get_session_value('kea.json_supported') IS NULL THEN
    PERFORM set_session_value('kea.json_supported',
                              EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'json_extract_path'));
  END IF;
  RETURN get_session_value('kea.json_supported')::boolean;
END;
$$;

-- 'A1B2C' -> '0a:1b:2c': the lease-dump spelling of binary columns.
CREATE FUNCTION colonSeparatedHex(hex text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  digits text := lower(hex);
BEGIN
  IF length(digits) % 2 = 1 THEN
    digits := '0' || digits;
  END IF;
  RETURN array_to_string(ARRAY(SELECT substr(digits, pos, 2)
                                 FROM generate_series(1, length(digits), 2) AS pos
                                ORDER BY pos), ':');
END;
$$;

-- The configuration tables' "modification_ts follows the last update" trigger.
-- It runs AFTER UPDATE, so like the one Kea's servers were built against it leaves
-- the stored row unchanged; the servers set modification_ts themselves.
CREATE FUNCTION modification_ts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.modification_ts := CURRENT_TIMESTAMP;
  RETURN NULL;
END;
$$;

-- lease-dump: a header row, then one row per lease in the memfile CSV column order.
-- Commas inside text columns are written as '&#x2c' so the CSV stays one field per column.
CREATE FUNCTION lease4DumpHeader() RETURNS text LANGUAGE sql AS $$
  SELECT 'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context'::text AS result;
$$;

CREATE FUNCTION lease4DumpData()
  RETURNS TABLE (address inet, hwaddr character varying, client_id character varying, valid_lifetime bigint,
                 expire bigint, subnet_id bigint, fqdn_fwd integer, fqdn_rev integer, hostname character varying,
                 state bigint, user_context character varying)
  LANGUAGE sql AS $$
  SELECT '0.0.0.0'::inet + l.address, colonSeparatedHex(encode(l.hwaddr, 'hex')),
         colonSeparatedHex(encode(l.client_id, 'hex')), l.valid_lifetime, EXTRACT(EPOCH FROM l.expire)::bigint,
         l.subnet_id, l.fqdn_fwd::int, l.fqdn_rev::int, replace(l.hostname, ',', '&#x2c'), l.state,
         replace(l.user_context, ',', '&#x2c')
    FROM lease4 AS l ORDER BY l.address;
$$;

CREATE FUNCTION lease6DumpHeader() RETURNS text LANGUAGE sql AS $$
  SELECT 'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source'::text AS result;
$$;

CREATE FUNCTION lease6DumpData()
  RETURNS TABLE (address character varying, duid character varying, valid_lifetime bigint, expire bigint,
                 subnet_id bigint, pref_lifetime bigint, lease_type smallint, iaid integer, prefix_len smallint,
                 fqdn_fwd integer, fqdn_rev integer, hostname character varying, hwaddr character varying,
                 state bigint, user_context character varying, hwtype smallint, hwaddr_source smallint)
  LANGUAGE sql AS $$
  SELECT l.address, colonSeparatedHex(encode(l.duid, 'hex')), l.valid_lifetime, EXTRACT(EPOCH FROM l.expire)::bigint,
         l.subnet_id, l.pref_lifetime, l.lease_type, l.iaid, l.prefix_len, l.fqdn_fwd::int, l.fqdn_rev::int,
         replace(l.hostname, ',', '&#x2c'), colonSeparatedHex(encode(l.hwaddr, 'hex')), l.state,
         replace(l.user_context, ',', '&#x2c'), l.hwtype, l.hwaddr_source
    FROM lease6 AS l ORDER BY l.address;
$$;

-- lease-upload: one CSV row (as lease-dump writes it) back into the table.
CREATE FUNCTION lease4Upload(address character varying, hwaddr character varying, client_id character varying,
                             valid_lifetime bigint, expire bigint, subnet_id bigint, fqdn_fwd integer,
                             fqdn_rev integer, hostname character varying, state bigint,
                             user_context character varying)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev,
                      hostname, state, user_context)
    VALUES ($1::inet - '0.0.0.0'::inet, decode(replace($2, ':', ''), 'hex'), decode(replace($3, ':', ''), 'hex'),
            $4, to_timestamp($5), $6, $7::boolean, $8::boolean, replace($9, '&#x2c', ','), $10,
            replace($11, '&#x2c', ','));
END;
$$;

CREATE FUNCTION lease6Upload(address character varying, duid character varying, valid_lifetime bigint,
                             expire bigint, subnet_id bigint, pref_lifetime bigint, lease_type integer,
                             iaid integer, prefix_len integer, fqdn_fwd integer, fqdn_rev integer,
                             hostname character varying, hwaddr character varying, state bigint,
                             user_context character varying, hwtype integer, hwaddr_source integer)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lease6 (address, duid, valid_lifetime, expire, subnet_id, pref_lifetime, lease_type, iaid,
                      prefix_len, fqdn_fwd, fqdn_rev, hostname, hwaddr, state, user_context, hwtype, hwaddr_source)
    VALUES ($1, decode(replace($2, ':', ''), 'hex'), $3, to_timestamp($4), $5, $6, $7, $8, $9,
            $10::boolean, $11::boolean, replace($12, '&#x2c', ','), decode(replace($13, ':', ''), 'hex'),
            $14, replace($15, '&#x2c', ','), $16, $17);
END;
$$;

-- Per-subnet counters: a lease in state default (0) or declined (1) counts.
CREATE FUNCTION lease4_AINS_lease4_stat(new_state bigint, new_subnet_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF new_state IN (0, 1) THEN
    INSERT INTO lease4_stat AS s (subnet_id, state, leases) VALUES (new_subnet_id, new_state, 1)
      ON CONFLICT (subnet_id, state) DO UPDATE SET leases = s.leases + 1;
  END IF;
END;
$$;

CREATE FUNCTION lease4_ADEL_lease4_stat(old_state bigint, old_subnet_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF old_state IN (0, 1) THEN
    UPDATE lease4_stat SET leases = GREATEST(leases - 1, 0)
     WHERE subnet_id = old_subnet_id AND state = old_state;
  END IF;
END;
$$;

CREATE FUNCTION lease4_AUPD_lease4_stat(old_state bigint, old_subnet_id bigint, new_state bigint,
                                        new_subnet_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF old_state <> new_state OR old_subnet_id <> new_subnet_id THEN
    PERFORM lease4_ADEL_lease4_stat(old_state, old_subnet_id);
    PERFORM lease4_AINS_lease4_stat(new_state, new_subnet_id);
  END IF;
END;
$$;

CREATE FUNCTION lease6_AINS_lease6_stat(new_state bigint, new_subnet_id bigint, new_lease_type smallint)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF new_state IN (0, 1) THEN
    INSERT INTO lease6_stat AS s (subnet_id, lease_type, state, leases)
      VALUES (new_subnet_id, new_lease_type, new_state, 1)
      ON CONFLICT (subnet_id, lease_type, state) DO UPDATE SET leases = s.leases + 1;
  END IF;
END;
$$;

CREATE FUNCTION lease6_ADEL_lease6_stat(old_state bigint, old_subnet_id bigint, old_lease_type smallint)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF old_state IN (0, 1) THEN
    UPDATE lease6_stat SET leases = GREATEST(leases - 1, 0)
     WHERE subnet_id = old_subnet_id AND lease_type = old_lease_type AND state = old_state;
  END IF;
END;
$$;

CREATE FUNCTION lease6_AUPD_lease6_stat(old_state bigint, old_subnet_id bigint, old_lease_type smallint,
                                        new_state bigint, new_subnet_id bigint, new_lease_type smallint)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF old_state <> new_state OR old_subnet_id <> new_subnet_id OR old_lease_type <> new_lease_type THEN
    PERFORM lease6_ADEL_lease6_stat(old_state, old_subnet_id, old_lease_type);
    PERFORM lease6_AINS_lease6_stat(new_state, new_subnet_id, new_lease_type);
  END IF;
END;
$$;

-- Per-class counters: the classes are the array user_context.ISC."client-classes";
-- only leases in the default state count.
CREATE FUNCTION lease4_AINS_lease4_stat_by_client_class(new_state bigint, new_user_context text)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  class_name text;
BEGIN
  IF new_state = 0 THEN
    FOR class_name IN SELECT trim('"' FROM e::text)
                        FROM json_array_elements(json_cast(new_user_context)->'ISC'->'client-classes') AS e LOOP
      INSERT INTO lease4_stat_by_client_class AS s (client_class, leases) VALUES (class_name, 1)
        ON CONFLICT (client_class) DO UPDATE SET leases = s.leases + 1;
    END LOOP;
  END IF;
END;
$$;

CREATE FUNCTION lease4_ADEL_lease4_stat_by_client_class(old_state bigint, old_user_context text)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  class_name text;
BEGIN
  IF old_state = 0 THEN
    FOR class_name IN SELECT trim('"' FROM e::text)
                        FROM json_array_elements(json_cast(old_user_context)->'ISC'->'client-classes') AS e LOOP
      UPDATE lease4_stat_by_client_class SET leases = GREATEST(leases - 1, 0) WHERE client_class = class_name;
    END LOOP;
  END IF;
END;
$$;

-- An update moves the lease between classes only when its state or its class list changed
-- (a missing list on either side compares as "unchanged", as Kea's servers expect).
CREATE FUNCTION lease4_AUPD_lease4_stat_by_client_class(old_state bigint, old_user_context text,
                                                        new_state bigint, new_user_context text)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF old_state <> new_state OR
     (json_cast(old_user_context)->'ISC'->'client-classes')::text <>
     (json_cast(new_user_context)->'ISC'->'client-classes')::text THEN
    PERFORM lease4_ADEL_lease4_stat_by_client_class(old_state, old_user_context);
    PERFORM lease4_AINS_lease4_stat_by_client_class(new_state, new_user_context);
  END IF;
END;
$$;

CREATE FUNCTION lease6_AINS_lease6_stat_by_client_class(new_state bigint, new_user_context text,
                                                        new_lease_type smallint)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  class_name text;
BEGIN
  IF new_state = 0 THEN
    FOR class_name IN SELECT trim('"' FROM e::text)
                        FROM json_array_elements(json_cast(new_user_context)->'ISC'->'client-classes') AS e LOOP
      INSERT INTO lease6_stat_by_client_class AS s (client_class, lease_type, leases)
        VALUES (class_name, new_lease_type, 1)
        ON CONFLICT (client_class, lease_type) DO UPDATE SET leases = s.leases + 1;
    END LOOP;
  END IF;
END;
$$;

CREATE FUNCTION lease6_ADEL_lease6_stat_by_client_class(old_state bigint, old_user_context text,
                                                        old_lease_type smallint)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  class_name text;
BEGIN
  IF old_state = 0 THEN
    FOR class_name IN SELECT trim('"' FROM e::text)
                        FROM json_array_elements(json_cast(old_user_context)->'ISC'->'client-classes') AS e LOOP
      UPDATE lease6_stat_by_client_class SET leases = GREATEST(leases - 1, 0)
       WHERE client_class = class_name AND lease_type = old_lease_type;
    END LOOP;
  END IF;
END;
$$;

CREATE FUNCTION lease6_AUPD_lease6_stat_by_client_class(old_state bigint, old_user_context text,
                                                        old_lease_type smallint, new_state bigint,
                                                        new_user_context text, new_lease_type smallint)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF old_state <> new_state OR old_lease_type <> new_lease_type OR
     (json_cast(old_user_context)->'ISC'->'client-classes')::text <>
     (json_cast(new_user_context)->'ISC'->'client-classes')::text THEN
    PERFORM lease6_ADEL_lease6_stat_by_client_class(old_state, old_user_context, old_lease_type);
    PERFORM lease6_AINS_lease6_stat_by_client_class(new_state, new_user_context, new_lease_type);
  END IF;
END;
$$;

-- The lease triggers.
CREATE FUNCTION func_lease4_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF isJsonSupported() THEN
    PERFORM lease4_AINS_lease4_stat_by_client_class(NEW.state, NEW.user_context);
  END IF;
  PERFORM lease4_AINS_lease4_stat(NEW.state, NEW.subnet_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_lease4_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF isJsonSupported() THEN
    PERFORM lease4_AUPD_lease4_stat_by_client_class(OLD.state, OLD.user_context, NEW.state, NEW.user_context);
  END IF;
  PERFORM lease4_AUPD_lease4_stat(OLD.state, OLD.subnet_id, NEW.state, NEW.subnet_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_lease4_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF isJsonSupported() THEN
    PERFORM lease4_ADEL_lease4_stat_by_client_class(OLD.state, OLD.user_context);
  END IF;
  PERFORM lease4_ADEL_lease4_stat(OLD.state, OLD.subnet_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_lease6_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF isJsonSupported() THEN
    PERFORM lease6_AINS_lease6_stat_by_client_class(NEW.state, NEW.user_context, NEW.lease_type);
  END IF;
  PERFORM lease6_AINS_lease6_stat(NEW.state, NEW.subnet_id, NEW.lease_type);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_lease6_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF isJsonSupported() THEN
    PERFORM lease6_AUPD_lease6_stat_by_client_class(OLD.state, OLD.user_context, OLD.lease_type,
                                                    NEW.state, NEW.user_context, NEW.lease_type);
  END IF;
  PERFORM lease6_AUPD_lease6_stat(OLD.state, OLD.subnet_id, OLD.lease_type, NEW.state, NEW.subnet_id, NEW.lease_type);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_lease6_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF isJsonSupported() THEN
    PERFORM lease6_ADEL_lease6_stat_by_client_class(OLD.state, OLD.user_context, OLD.lease_type);
  END IF;
  PERFORM lease6_ADEL_lease6_stat(OLD.state, OLD.subnet_id, OLD.lease_type);
  RETURN NULL;
END;
$$;

CREATE TRIGGER lease4_ains AFTER INSERT ON lease4 FOR EACH ROW EXECUTE PROCEDURE func_lease4_AINS();
CREATE TRIGGER lease4_aupd AFTER UPDATE ON lease4 FOR EACH ROW EXECUTE PROCEDURE func_lease4_AUPD();
CREATE TRIGGER lease4_adel AFTER DELETE ON lease4 FOR EACH ROW EXECUTE PROCEDURE func_lease4_ADEL();
CREATE TRIGGER lease6_ains AFTER INSERT ON lease6 FOR EACH ROW EXECUTE PROCEDURE func_lease6_AINS();
CREATE TRIGGER lease6_aupd AFTER UPDATE ON lease6 FOR EACH ROW EXECUTE PROCEDURE func_lease6_AUPD();
CREATE TRIGGER lease6_adel AFTER DELETE ON lease6 FOR EACH ROW EXECUTE PROCEDURE func_lease6_ADEL();

-- Earlier schemas' statistics trigger functions. No trigger uses them any more; they stay
-- because servers and tools of this schema version may look for them.
CREATE FUNCTION proc_stat_lease4_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lease4_AINS_lease4_stat(NEW.state, NEW.subnet_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION proc_stat_lease4_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lease4_AUPD_lease4_stat(OLD.state, OLD.subnet_id, NEW.state, NEW.subnet_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION proc_stat_lease4_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lease4_ADEL_lease4_stat(OLD.state, OLD.subnet_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION proc_stat_lease6_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lease6_AINS_lease6_stat(NEW.state, NEW.subnet_id, NEW.lease_type);
  RETURN NULL;
END;
$$;

CREATE FUNCTION proc_stat_lease6_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lease6_AUPD_lease6_stat(OLD.state, OLD.subnet_id, OLD.lease_type, NEW.state, NEW.subnet_id, NEW.lease_type);
  RETURN NULL;
END;
$$;

CREATE FUNCTION proc_stat_lease6_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lease6_ADEL_lease6_stat(OLD.state, OLD.subnet_id, OLD.lease_type);
  RETURN NULL;
END;
$$;

-- The lease limits (limits hook): '' when the lease fits, otherwise the reason.
CREATE FUNCTION checkLease4Limits(user_context text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  limits json := json_cast(user_context)->'ISC'->'limits';
  entry json;
  class_name text;
  cap int;
  used int;
  sid int;
BEGIN
  FOR entry IN SELECT json_array_elements(limits->'client-classes') LOOP
    class_name := entry->>'name';
    cap := (entry->>'address-limit')::int;
    IF cap IS NOT NULL THEN
      used := COALESCE((SELECT leases FROM lease4_stat_by_client_class WHERE client_class = class_name), 0);
      IF used >= cap THEN
        RETURN format('address limit %s for client class "%s", current lease count %s', cap, class_name, used);
      END IF;
    END IF;
  END LOOP;
  sid := (limits->'subnet'->>'id')::int;
  cap := (limits->'subnet'->>'address-limit')::int;
  IF cap IS NOT NULL THEN
    used := COALESCE((SELECT leases FROM lease4_stat WHERE subnet_id = sid AND state = 0), 0);
    IF used >= cap THEN
      RETURN format('address limit %s for subnet ID %s, current lease count %s', cap, sid, used);
    END IF;
  END IF;
  RETURN '';
END;
$$;

CREATE FUNCTION checkLease6Limits(user_context text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  limits json := json_cast(user_context)->'ISC'->'limits';
  entry json;
  class_name text;
  cap int;
  used int;
  sid int;
BEGIN
  FOR entry IN SELECT json_array_elements(limits->'client-classes') LOOP
    class_name := entry->>'name';
    cap := (entry->>'address-limit')::int;
    IF cap IS NOT NULL THEN
      used := COALESCE((SELECT leases FROM lease6_stat_by_client_class
                         WHERE client_class = class_name AND lease_type = 0), 0);
      IF used >= cap THEN
        RETURN format('address limit %s for client class "%s", current lease count %s', cap, class_name, used);
      END IF;
    END IF;
    cap := (entry->>'prefix-limit')::int;
    IF cap IS NOT NULL THEN
      used := COALESCE((SELECT leases FROM lease6_stat_by_client_class
                         WHERE client_class = class_name AND lease_type = 2), 0);
      IF used >= cap THEN
        RETURN format('prefix limit %s for client class "%s", current lease count %s', cap, class_name, used);
      END IF;
    END IF;
  END LOOP;
  sid := (limits->'subnet'->>'id')::int;
  cap := (limits->'subnet'->>'address-limit')::int;
  IF cap IS NOT NULL THEN
    used := COALESCE((SELECT leases FROM lease6_stat WHERE subnet_id = sid AND lease_type = 0 AND state = 0), 0);
    IF used >= cap THEN
      RETURN format('address limit %s for subnet ID %s, current lease count %s', cap, sid, used);
    END IF;
  END IF;
  cap := (limits->'subnet'->>'prefix-limit')::int;
  IF cap IS NOT NULL THEN
    used := COALESCE((SELECT leases FROM lease6_stat WHERE subnet_id = sid AND lease_type = 2 AND state = 0), 0);
    IF used >= cap THEN
      RETURN format('prefix limit %s for subnet ID %s, current lease count %s', cap, sid, used);
    END IF;
  END IF;
  RETURN '';
END;
$$;

-- Configuration backend (DHCPv4): audit trail. The server opens a revision
-- (createAuditRevisionDHCP4) before changing configuration; each change then adds an audit
-- entry unless the session set kea.disable_audit, or kea.cascade_transaction says the parent
-- object's entry covers it.
CREATE FUNCTION createAuditRevisionDHCP4(audit_ts timestamp with time zone, server_tag character varying,
                                        audit_log_message text, cascade_transaction boolean)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  revision bigint;
BEGIN
  IF NOT get_session_boolean('kea.disable_audit') THEN
    INSERT INTO dhcp4_audit_revision (modification_ts, server_id, log_message)
      VALUES (audit_ts, (SELECT s.id FROM dhcp4_server AS s WHERE s.tag = server_tag), audit_log_message)
      RETURNING id INTO revision;
    PERFORM set_session_value('kea.audit_revision_id', revision);
    PERFORM set_session_value('kea.cascade_transaction', cascade_transaction);
  END IF;
END;
$$;

CREATE FUNCTION createAuditEntryDHCP4(object_type_val character varying, object_id_val bigint,
                                     modification_type_val character varying)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT get_session_boolean('kea.disable_audit') THEN
    INSERT INTO dhcp4_audit (object_type, object_id, modification_type, revision_id)
      VALUES (object_type_val, object_id_val,
              (SELECT m.id FROM modification AS m WHERE m.modification_type = modification_type_val),
              get_session_big_int('kea.audit_revision_id'));
  END IF;
END;
$$;

-- A changed option is audited as itself when global, otherwise as a change (a new
-- modification_ts) of the subnet or shared network that owns it.
CREATE FUNCTION createOptionAuditDHCP4(modification_type character varying, scope_id smallint, option_id integer,
                                      p_subnet_id bigint, host_id integer, network_name character varying,
                                      pool_id bigint, p_modification_ts timestamp with time zone)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF get_session_boolean('kea.cascade_transaction') THEN
    RETURN;
  END IF;
  CASE scope_id
    WHEN 0 THEN
      PERFORM createAuditEntryDHCP4('dhcp4_options', option_id, modification_type);
    WHEN 1 THEN
      UPDATE dhcp4_subnet SET modification_ts = p_modification_ts WHERE subnet_id = p_subnet_id;
    WHEN 4 THEN
      UPDATE dhcp4_shared_network SET modification_ts = p_modification_ts
       WHERE id = (SELECT n.id FROM dhcp4_shared_network AS n WHERE n.name = network_name LIMIT 1);
    WHEN 5 THEN
      UPDATE dhcp4_subnet SET modification_ts = p_modification_ts
       WHERE subnet_id = (SELECT p.subnet_id FROM dhcp4_pool AS p WHERE p.id = pool_id);
    ELSE
      NULL;
  END CASE;
END;
$$;

-- Client classes are kept in a total order (dhcp4_client_class_order): a class goes after
-- new_follow_class_name, or last; a class may only depend on classes before it.
CREATE FUNCTION setClientClass4Order(id bigint, new_follow_class_name character varying,
                                    old_follow_class_name character varying)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  indirect boolean;
  after_index bigint;
BEGIN
  SELECT o.depend_on_known_indirectly INTO indirect FROM dhcp4_client_class_order AS o WHERE o.class_id = $1;
  PERFORM set_session_value('kea.depend_on_known_indirectly', indirect);
  -- An update that keeps its position only clears the indirect KNOWN dependency flag.
  IF indirect IS NOT NULL AND
     ((new_follow_class_name IS NULL AND old_follow_class_name IS NULL) OR new_follow_class_name = old_follow_class_name) THEN
    UPDATE dhcp4_client_class_order AS o SET depend_on_known_indirectly = false WHERE o.class_id = $1;
    RETURN;
  END IF;
  IF new_follow_class_name IS NULL THEN
    after_index := COALESCE((SELECT max(order_index) FROM dhcp4_client_class_order), 0);
  ELSE
    SELECT o.order_index INTO after_index FROM dhcp4_client_class AS c
      JOIN dhcp4_client_class_order AS o ON o.class_id = c.id
     WHERE c.name = new_follow_class_name;
    IF after_index IS NULL THEN
      RAISE EXCEPTION 'Class %s does not exist.', new_follow_class_name USING ERRCODE = 'sql_routine_exception';
    END IF;
    -- Make room right after the followed class if that place is taken.
    IF EXISTS (SELECT 1 FROM dhcp4_client_class_order WHERE order_index = after_index + 1) THEN
      UPDATE dhcp4_client_class_order SET order_index = order_index + 1 WHERE order_index > after_index;
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM dhcp4_client_class_dependency AS d
               JOIN dhcp4_client_class_order AS o ON o.class_id = d.class_id
              WHERE d.dependency_id = $1 AND o.order_index <= after_index) THEN
    RAISE EXCEPTION 'Unable to move class with id %s because it would break its dependencies', $1
      USING ERRCODE = 'sql_routine_exception';
  END IF;
  UPDATE dhcp4_client_class_order AS o SET order_index = after_index + 1, depend_on_known_indirectly = indirect
   WHERE o.class_id = $1;
  IF NOT FOUND THEN
    INSERT INTO dhcp4_client_class_order (class_id, order_index, depend_on_known_indirectly)
      VALUES ($1, after_index + 1, false);
  END IF;
END;
$$;

CREATE FUNCTION checkDHCPv4ClientClassDependency(p_class_id bigint, p_dependency_id bigint)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  class_pos bigint;
  dependency_pos bigint;
BEGIN
  IF p_class_id IS NULL THEN
    RAISE EXCEPTION 'Client class id must not be NULL.' USING ERRCODE = 'sql_routine_exception';
  END IF;
  IF p_dependency_id IS NULL THEN
    RAISE EXCEPTION 'Class dependency id must not be NULL.' USING ERRCODE = 'sql_routine_exception';
  END IF;
  IF p_class_id = p_dependency_id THEN
    RAISE EXCEPTION 'Client class must not have dependency on self.' USING ERRCODE = 'sql_routine_exception';
  END IF;
  SELECT o.order_index INTO class_pos FROM dhcp4_client_class_order AS o
    JOIN dhcp4_client_class AS c ON c.id = o.class_id WHERE c.id = p_class_id;
  IF class_pos IS NULL THEN
    RAISE EXCEPTION 'Client class with id % does not exist.', p_class_id USING ERRCODE = 'sql_routine_exception';
  END IF;
  SELECT o.order_index INTO dependency_pos FROM dhcp4_client_class_order AS o
    JOIN dhcp4_client_class AS c ON c.id = o.class_id WHERE c.id = p_dependency_id;
  IF dependency_pos IS NULL THEN
    RAISE EXCEPTION 'Dependency class with id % does not exist.', p_dependency_id
      USING ERRCODE = 'sql_routine_exception';
  END IF;
  IF dependency_pos > class_pos THEN
    RAISE EXCEPTION 'Client class with id % must not depend on class defined later with id %',
      p_class_id, p_dependency_id USING ERRCODE = 'sql_routine_exception';
  END IF;
  -- Every server the class is assigned to must also see the dependency (directly or via 'all').
  IF EXISTS (SELECT 1 FROM dhcp4_client_class_server AS mine
              WHERE mine.class_id = p_class_id
                AND NOT EXISTS (SELECT 1 FROM dhcp4_client_class_server AS dep
                                 WHERE dep.class_id = p_dependency_id
                                   AND (dep.server_id = 1 OR dep.server_id = mine.server_id))) THEN
    RAISE EXCEPTION 'Unmet dependencies for client class with id %', p_class_id
      USING ERRCODE = 'sql_routine_exception';
  END IF;
END;
$$;

-- A class that depends (directly or through a dependency) on KNOWN/UNKNOWN is flagged.
CREATE FUNCTION updateDHCPv4ClientClassKnownDependency(client_class_id bigint, dependency_id bigint)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  flagged boolean;
BEGIN
  SELECT c.depend_on_known_directly INTO flagged FROM dhcp4_client_class AS c WHERE c.id = $2;
  IF flagged = false THEN
    SELECT o.depend_on_known_indirectly INTO flagged FROM dhcp4_client_class_order AS o WHERE o.class_id = $2;
  END IF;
  IF flagged THEN
    UPDATE dhcp4_client_class_order AS o SET depend_on_known_indirectly = true WHERE o.class_id = $1;
  END IF;
END;
$$;

-- Run by the server after updating a class others depend on: its KNOWN/UNKNOWN
-- dependency (remembered by the AUPD trigger in session settings) must not change.
CREATE FUNCTION checkDHCPv4ClientClassKnownDependencyChange() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  changed_class bigint := get_session_big_int('kea.client_class_id');
  was_dependent boolean := false;
  is_dependent boolean := false;
BEGIN
  IF changed_class IS NOT NULL AND
     EXISTS (SELECT 1 FROM dhcp4_client_class_dependency WHERE dependency_id = changed_class) THEN
    was_dependent := get_session_boolean('kea.depend_on_known_directly')
                     OR get_session_boolean('kea.depend_on_known_indirectly');
    SELECT depend_on_known_directly INTO is_dependent FROM dhcp4_client_class WHERE id = changed_class;
    IF is_dependent = false THEN
      SELECT depend_on_known_indirectly INTO is_dependent FROM dhcp4_client_class_order
       WHERE class_id = changed_class;
    END IF;
    IF was_dependent <> is_dependent THEN
      RAISE EXCEPTION 'Class dependency on KNOWN/UNKNOWN built-in classes must not change.'
        USING ERRCODE = 'sql_routine_exception';
    END IF;
  END IF;
END;
$$;

CREATE FUNCTION func_dhcp4_client_class_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM setClientClass4Order(NEW.id, NEW.follow_class_name, NULL);
  PERFORM createAuditEntryDHCP4('dhcp4_client_class', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_client_class_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_session_value('kea.depend_on_known_directly', OLD.depend_on_known_directly);
  PERFORM set_session_value('kea.client_class_id', NEW.id);
  PERFORM setClientClass4Order(NEW.id, NEW.follow_class_name, OLD.follow_class_name);
  PERFORM createAuditEntryDHCP4('dhcp4_client_class', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_client_class_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_client_class', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_client_class_check_dependency_BINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM checkDHCPv4ClientClassDependency(NEW.class_id, NEW.dependency_id);
  RETURN NEW;
END;
$$;

CREATE FUNCTION func_dhcp4_client_class_dependency_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM updateDHCPv4ClientClassKnownDependency(NEW.class_id, NEW.dependency_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_options_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createOptionAuditDHCP4('create', NEW.scope_id, NEW.option_id, NEW.dhcp4_subnet_id, NEW.host_id,
                                NEW.shared_network_name, NEW.pool_id, NEW.modification_ts);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_options_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createOptionAuditDHCP4('update', NEW.scope_id, NEW.option_id, NEW.dhcp4_subnet_id, NEW.host_id,
                                NEW.shared_network_name, NEW.pool_id, NEW.modification_ts);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_options_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createOptionAuditDHCP4('delete', OLD.scope_id, OLD.option_id, OLD.dhcp4_subnet_id, OLD.host_id,
                                OLD.shared_network_name, OLD.pool_id, NOW());
  RETURN NULL;
END;
$$;

-- Deleting a pool, subnet or shared network takes its options (and a subnet its pools) along.
CREATE FUNCTION func_dhcp4_pool_BDEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dhcp4_options WHERE scope_id = 5 AND pool_id = OLD.id;
  RETURN OLD;
END;
$$;

CREATE FUNCTION func_dhcp4_subnet_BDEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_subnet', OLD.subnet_id, 'delete');
  DELETE FROM dhcp4_pool WHERE subnet_id = OLD.subnet_id;
  DELETE FROM dhcp4_options WHERE dhcp4_subnet_id = OLD.subnet_id;
  RETURN OLD;
END;
$$;

CREATE FUNCTION func_dhcp4_shared_network_BDEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_shared_network', OLD.id, 'delete');
  UPDATE dhcp4_subnet SET shared_network_name = NULL WHERE shared_network_name = OLD.name;
  DELETE FROM dhcp4_options WHERE shared_network_name = OLD.name;
  RETURN OLD;
END;
$$;

CREATE FUNCTION func_dhcp4_server_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_server', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_server_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_server', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_server_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_server', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_global_parameter_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_global_parameter', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_global_parameter_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_global_parameter', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_global_parameter_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_global_parameter', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_option_def_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_option_def', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_option_def_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_option_def', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_option_def_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_option_def', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_shared_network_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_shared_network', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_shared_network_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_shared_network', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_shared_network_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_shared_network', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_subnet_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_subnet', NEW.subnet_id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp4_subnet_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP4('dhcp4_subnet', NEW.subnet_id, 'update');
  RETURN NULL;
END;
$$;

CREATE TRIGGER dhcp4_client_class_ains AFTER INSERT ON dhcp4_client_class
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_AINS();
CREATE TRIGGER dhcp4_client_class_aupd AFTER UPDATE ON dhcp4_client_class
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_AUPD();
CREATE TRIGGER dhcp4_client_class_adel AFTER DELETE ON dhcp4_client_class
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_ADEL();
CREATE TRIGGER dhcp4_client_class_check_dependency_bins BEFORE INSERT ON dhcp4_client_class_dependency
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_check_dependency_BINS();
CREATE TRIGGER dhcp4_client_class_dependency_ains AFTER INSERT ON dhcp4_client_class_dependency
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_dependency_AINS();
CREATE TRIGGER dhcp4_options_ains AFTER INSERT ON dhcp4_options
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_options_AINS();
CREATE TRIGGER dhcp4_options_aupd AFTER UPDATE ON dhcp4_options
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_options_AUPD();
CREATE TRIGGER dhcp4_options_adel AFTER DELETE ON dhcp4_options
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_options_ADEL();
CREATE TRIGGER dhcp4_pool_bdel BEFORE DELETE ON dhcp4_pool
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_pool_BDEL();
CREATE TRIGGER dhcp4_subnet_bdel BEFORE DELETE ON dhcp4_subnet
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_subnet_BDEL();
CREATE TRIGGER dhcp4_shared_network_bdel BEFORE DELETE ON dhcp4_shared_network
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_shared_network_BDEL();
CREATE TRIGGER dhcp4_server_ains AFTER INSERT ON dhcp4_server
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_server_AINS();
CREATE TRIGGER dhcp4_server_aupd AFTER UPDATE ON dhcp4_server
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_server_AUPD();
CREATE TRIGGER dhcp4_server_adel AFTER DELETE ON dhcp4_server
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_server_ADEL();
CREATE TRIGGER dhcp4_global_parameter_ains AFTER INSERT ON dhcp4_global_parameter
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_global_parameter_AINS();
CREATE TRIGGER dhcp4_global_parameter_aupd AFTER UPDATE ON dhcp4_global_parameter
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_global_parameter_AUPD();
CREATE TRIGGER dhcp4_global_parameter_adel AFTER DELETE ON dhcp4_global_parameter
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_global_parameter_ADEL();
CREATE TRIGGER dhcp4_option_def_ains AFTER INSERT ON dhcp4_option_def
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_option_def_AINS();
CREATE TRIGGER dhcp4_option_def_aupd AFTER UPDATE ON dhcp4_option_def
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_option_def_AUPD();
CREATE TRIGGER dhcp4_option_def_adel AFTER DELETE ON dhcp4_option_def
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_option_def_ADEL();
CREATE TRIGGER dhcp4_shared_network_ains AFTER INSERT ON dhcp4_shared_network
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_shared_network_AINS();
CREATE TRIGGER dhcp4_shared_network_aupd AFTER UPDATE ON dhcp4_shared_network
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_shared_network_AUPD();
CREATE TRIGGER dhcp4_subnet_ains AFTER INSERT ON dhcp4_subnet
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_subnet_AINS();
CREATE TRIGGER dhcp4_subnet_aupd AFTER UPDATE ON dhcp4_subnet
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_subnet_AUPD();
CREATE TRIGGER dhcp4_audit_modification_ts_update AFTER UPDATE ON dhcp4_audit
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_audit_revision_modification_ts_update AFTER UPDATE ON dhcp4_audit_revision
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_global_parameter_modification_ts_update AFTER UPDATE ON dhcp4_global_parameter
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_global_parameter_server_modification_ts_update AFTER UPDATE ON dhcp4_global_parameter_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_option_def_modification_ts_update AFTER UPDATE ON dhcp4_option_def
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_option_def_server_modification_ts_update AFTER UPDATE ON dhcp4_option_def_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_options_modification_ts_update AFTER UPDATE ON dhcp4_options
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_options_server_modification_ts_update AFTER UPDATE ON dhcp4_options_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_pool_modification_ts_update AFTER UPDATE ON dhcp4_pool
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_server_modification_ts_update AFTER UPDATE ON dhcp4_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_shared_network_modification_ts_update AFTER UPDATE ON dhcp4_shared_network
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_subnet_server_modification_ts_update AFTER UPDATE ON dhcp4_subnet_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_subnet_modification_ts_update AFTER UPDATE ON dhcp4_subnet
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();


-- Configuration backend (DHCPv6): audit trail. The server opens a revision
-- (createAuditRevisionDHCP6) before changing configuration; each change then adds an audit
-- entry unless the session set kea.disable_audit, or kea.cascade_transaction says the parent
-- object's entry covers it.
CREATE FUNCTION createAuditRevisionDHCP6(audit_ts timestamp with time zone, server_tag character varying,
                                        audit_log_message text, cascade_transaction boolean)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  revision bigint;
BEGIN
  IF NOT get_session_boolean('kea.disable_audit') THEN
    INSERT INTO dhcp6_audit_revision (modification_ts, server_id, log_message)
      VALUES (audit_ts, (SELECT s.id FROM dhcp6_server AS s WHERE s.tag = server_tag), audit_log_message)
      RETURNING id INTO revision;
    PERFORM set_session_value('kea.audit_revision_id', revision);
    PERFORM set_session_value('kea.cascade_transaction', cascade_transaction);
  END IF;
END;
$$;

CREATE FUNCTION createAuditEntryDHCP6(object_type_val character varying, object_id_val bigint,
                                     modification_type_val character varying)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT get_session_boolean('kea.disable_audit') THEN
    INSERT INTO dhcp6_audit (object_type, object_id, modification_type, revision_id)
      VALUES (object_type_val, object_id_val,
              (SELECT m.id FROM modification AS m WHERE m.modification_type = modification_type_val),
              get_session_big_int('kea.audit_revision_id'));
  END IF;
END;
$$;

-- A changed option is audited as itself when global, otherwise as a change (a new
-- modification_ts) of the subnet or shared network that owns it.
CREATE FUNCTION createOptionAuditDHCP6(modification_type character varying, scope_id smallint, option_id integer,
                                      p_subnet_id bigint, host_id integer, network_name character varying,
                                      pool_id bigint, pd_pool_id bigint, p_modification_ts timestamp with time zone)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF get_session_boolean('kea.cascade_transaction') THEN
    RETURN;
  END IF;
  CASE scope_id
    WHEN 0 THEN
      PERFORM createAuditEntryDHCP6('dhcp6_options', option_id, modification_type);
    WHEN 1 THEN
      UPDATE dhcp6_subnet SET modification_ts = p_modification_ts WHERE subnet_id = p_subnet_id;
    WHEN 4 THEN
      UPDATE dhcp6_shared_network SET modification_ts = p_modification_ts
       WHERE id = (SELECT n.id FROM dhcp6_shared_network AS n WHERE n.name = network_name LIMIT 1);
    WHEN 5 THEN
      UPDATE dhcp6_subnet SET modification_ts = p_modification_ts
       WHERE subnet_id = (SELECT p.subnet_id FROM dhcp6_pool AS p WHERE p.id = pool_id);
    WHEN 6 THEN
      UPDATE dhcp6_subnet SET modification_ts = p_modification_ts
       WHERE subnet_id = (SELECT p.subnet_id FROM dhcp6_pd_pool AS p WHERE p.id = pd_pool_id);
    ELSE
      NULL;
  END CASE;
END;
$$;

-- Client classes are kept in a total order (dhcp6_client_class_order): a class goes after
-- new_follow_class_name, or last; a class may only depend on classes before it.
CREATE FUNCTION setClientClass6Order(id bigint, new_follow_class_name character varying,
                                    old_follow_class_name character varying)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  indirect boolean;
  after_index bigint;
BEGIN
  SELECT o.depend_on_known_indirectly INTO indirect FROM dhcp6_client_class_order AS o WHERE o.class_id = $1;
  PERFORM set_session_value('kea.depend_on_known_indirectly', indirect);
  -- An update that keeps its position only clears the indirect KNOWN dependency flag.
  IF indirect IS NOT NULL AND
     ((new_follow_class_name IS NULL AND old_follow_class_name IS NULL) OR new_follow_class_name = old_follow_class_name) THEN
    UPDATE dhcp6_client_class_order AS o SET depend_on_known_indirectly = false WHERE o.class_id = $1;
    RETURN;
  END IF;
  IF new_follow_class_name IS NULL THEN
    after_index := COALESCE((SELECT max(order_index) FROM dhcp6_client_class_order), 0);
  ELSE
    SELECT o.order_index INTO after_index FROM dhcp6_client_class AS c
      JOIN dhcp6_client_class_order AS o ON o.class_id = c.id
     WHERE c.name = new_follow_class_name;
    IF after_index IS NULL THEN
      RAISE EXCEPTION 'Class %s does not exist.', new_follow_class_name USING ERRCODE = 'sql_routine_exception';
    END IF;
    -- Make room right after the followed class if that place is taken.
    IF EXISTS (SELECT 1 FROM dhcp6_client_class_order WHERE order_index = after_index + 1) THEN
      UPDATE dhcp6_client_class_order SET order_index = order_index + 1 WHERE order_index > after_index;
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM dhcp6_client_class_dependency AS d
               JOIN dhcp6_client_class_order AS o ON o.class_id = d.class_id
              WHERE d.dependency_id = $1 AND o.order_index <= after_index) THEN
    RAISE EXCEPTION 'Unable to move class with id %s because it would break its dependencies', $1
      USING ERRCODE = 'sql_routine_exception';
  END IF;
  UPDATE dhcp6_client_class_order AS o SET order_index = after_index + 1, depend_on_known_indirectly = indirect
   WHERE o.class_id = $1;
  IF NOT FOUND THEN
    INSERT INTO dhcp6_client_class_order (class_id, order_index, depend_on_known_indirectly)
      VALUES ($1, after_index + 1, false);
  END IF;
END;
$$;

CREATE FUNCTION checkDHCPv6ClientClassDependency(p_class_id bigint, p_dependency_id bigint)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  class_pos bigint;
  dependency_pos bigint;
BEGIN
  IF p_class_id IS NULL THEN
    RAISE EXCEPTION 'Client class id must not be NULL.' USING ERRCODE = 'sql_routine_exception';
  END IF;
  IF p_dependency_id IS NULL THEN
    RAISE EXCEPTION 'Class dependency id must not be NULL.' USING ERRCODE = 'sql_routine_exception';
  END IF;
  IF p_class_id = p_dependency_id THEN
    RAISE EXCEPTION 'Client class must not have dependency on self.' USING ERRCODE = 'sql_routine_exception';
  END IF;
  SELECT o.order_index INTO class_pos FROM dhcp6_client_class_order AS o
    JOIN dhcp6_client_class AS c ON c.id = o.class_id WHERE c.id = p_class_id;
  IF class_pos IS NULL THEN
    RAISE EXCEPTION 'Client class with id % does not exist.', p_class_id USING ERRCODE = 'sql_routine_exception';
  END IF;
  SELECT o.order_index INTO dependency_pos FROM dhcp6_client_class_order AS o
    JOIN dhcp6_client_class AS c ON c.id = o.class_id WHERE c.id = p_dependency_id;
  IF dependency_pos IS NULL THEN
    RAISE EXCEPTION 'Dependency class with id % does not exist.', p_dependency_id
      USING ERRCODE = 'sql_routine_exception';
  END IF;
  IF dependency_pos > class_pos THEN
    RAISE EXCEPTION 'Client class with id % must not depend on class defined later with id %',
      p_class_id, p_dependency_id USING ERRCODE = 'sql_routine_exception';
  END IF;
  -- Every server the class is assigned to must also see the dependency (directly or via 'all').
  IF EXISTS (SELECT 1 FROM dhcp6_client_class_server AS mine
              WHERE mine.class_id = p_class_id
                AND NOT EXISTS (SELECT 1 FROM dhcp6_client_class_server AS dep
                                 WHERE dep.class_id = p_dependency_id
                                   AND (dep.server_id = 1 OR dep.server_id = mine.server_id))) THEN
    RAISE EXCEPTION 'Unmet dependencies for client class with id %', p_class_id
      USING ERRCODE = 'sql_routine_exception';
  END IF;
END;
$$;

-- A class that depends (directly or through a dependency) on KNOWN/UNKNOWN is flagged.
CREATE FUNCTION updateDHCPv6ClientClassKnownDependency(client_class_id bigint, dependency_id bigint)
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  flagged boolean;
BEGIN
  SELECT c.depend_on_known_directly INTO flagged FROM dhcp6_client_class AS c WHERE c.id = $2;
  IF flagged = false THEN
    SELECT o.depend_on_known_indirectly INTO flagged FROM dhcp6_client_class_order AS o WHERE o.class_id = $2;
  END IF;
  IF flagged THEN
    UPDATE dhcp6_client_class_order AS o SET depend_on_known_indirectly = true WHERE o.class_id = $1;
  END IF;
END;
$$;

-- Run by the server after updating a class others depend on: its KNOWN/UNKNOWN
-- dependency (remembered by the AUPD trigger in session settings) must not change.
CREATE FUNCTION checkDHCPv6ClientClassKnownDependencyChange() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  changed_class bigint := get_session_big_int('kea.client_class_id');
  was_dependent boolean := false;
  is_dependent boolean := false;
BEGIN
  IF changed_class IS NOT NULL AND
     EXISTS (SELECT 1 FROM dhcp6_client_class_dependency WHERE dependency_id = changed_class) THEN
    was_dependent := get_session_boolean('kea.depend_on_known_directly')
                     OR get_session_boolean('kea.depend_on_known_indirectly');
    SELECT depend_on_known_directly INTO is_dependent FROM dhcp6_client_class WHERE id = changed_class;
    IF is_dependent = false THEN
      SELECT depend_on_known_indirectly INTO is_dependent FROM dhcp6_client_class_order
       WHERE class_id = changed_class;
    END IF;
    IF was_dependent <> is_dependent THEN
      RAISE EXCEPTION 'Class dependency on KNOWN/UNKNOWN built-in classes must not change.'
        USING ERRCODE = 'sql_routine_exception';
    END IF;
  END IF;
END;
$$;

CREATE FUNCTION func_dhcp6_client_class_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM setClientClass6Order(NEW.id, NEW.follow_class_name, NULL);
  PERFORM createAuditEntryDHCP6('dhcp6_client_class', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_client_class_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_session_value('kea.depend_on_known_directly', OLD.depend_on_known_directly);
  PERFORM set_session_value('kea.client_class_id', NEW.id);
  PERFORM setClientClass6Order(NEW.id, NEW.follow_class_name, OLD.follow_class_name);
  PERFORM createAuditEntryDHCP6('dhcp6_client_class', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_client_class_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_client_class', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_client_class_check_dependency_BINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM checkDHCPv6ClientClassDependency(NEW.class_id, NEW.dependency_id);
  RETURN NEW;
END;
$$;

CREATE FUNCTION func_dhcp6_client_class_dependency_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM updateDHCPv6ClientClassKnownDependency(NEW.class_id, NEW.dependency_id);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_options_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createOptionAuditDHCP6('create', NEW.scope_id, NEW.option_id, NEW.dhcp6_subnet_id, NEW.host_id,
                                NEW.shared_network_name, NEW.pool_id, NEW.pd_pool_id, NEW.modification_ts);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_options_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createOptionAuditDHCP6('update', NEW.scope_id, NEW.option_id, NEW.dhcp6_subnet_id, NEW.host_id,
                                NEW.shared_network_name, NEW.pool_id, NEW.pd_pool_id, NEW.modification_ts);
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_options_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createOptionAuditDHCP6('delete', OLD.scope_id, OLD.option_id, OLD.dhcp6_subnet_id, OLD.host_id,
                                OLD.shared_network_name, OLD.pool_id, OLD.pd_pool_id, NOW());
  RETURN NULL;
END;
$$;

-- Deleting a pool, subnet or shared network takes its options (and a subnet its pools) along.
CREATE FUNCTION func_dhcp6_pool_BDEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dhcp6_options WHERE scope_id = 5 AND pool_id = OLD.id;
  RETURN OLD;
END;
$$;

-- (Present as in Kea's schema; no trigger calls it there either.)
CREATE FUNCTION func_dhcp6_pd_pool_BDEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dhcp6_options WHERE scope_id = 6 AND pd_pool_id = OLD.id;
  RETURN OLD;
END;
$$;

CREATE FUNCTION func_dhcp6_subnet_BDEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_subnet', OLD.subnet_id, 'delete');
  DELETE FROM dhcp6_pool WHERE subnet_id = OLD.subnet_id;
  DELETE FROM dhcp6_pd_pool WHERE subnet_id = OLD.subnet_id;
  DELETE FROM dhcp6_options WHERE dhcp6_subnet_id = OLD.subnet_id;
  RETURN OLD;
END;
$$;

CREATE FUNCTION func_dhcp6_shared_network_BDEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_shared_network', OLD.id, 'delete');
  UPDATE dhcp6_subnet SET shared_network_name = NULL WHERE shared_network_name = OLD.name;
  DELETE FROM dhcp6_options WHERE shared_network_name = OLD.name;
  RETURN OLD;
END;
$$;

CREATE FUNCTION func_dhcp6_server_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_server', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_server_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_server', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_server_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_server', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_global_parameter_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_global_parameter', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_global_parameter_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_global_parameter', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_global_parameter_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_global_parameter', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_option_def_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_option_def', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_option_def_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_option_def', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_option_def_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_option_def', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_shared_network_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_shared_network', NEW.id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_shared_network_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_shared_network', NEW.id, 'update');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_shared_network_ADEL() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_shared_network', OLD.id, 'delete');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_subnet_AINS() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_subnet', NEW.subnet_id, 'create');
  RETURN NULL;
END;
$$;

CREATE FUNCTION func_dhcp6_subnet_AUPD() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM createAuditEntryDHCP6('dhcp6_subnet', NEW.subnet_id, 'update');
  RETURN NULL;
END;
$$;

CREATE TRIGGER dhcp6_client_class_ains AFTER INSERT ON dhcp6_client_class
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_AINS();
CREATE TRIGGER dhcp6_client_class_aupd AFTER UPDATE ON dhcp6_client_class
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_AUPD();
CREATE TRIGGER dhcp6_client_class_adel AFTER DELETE ON dhcp6_client_class
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_ADEL();
CREATE TRIGGER dhcp6_client_class_check_dependency_bins BEFORE INSERT ON dhcp6_client_class_dependency
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_check_dependency_BINS();
CREATE TRIGGER dhcp6_client_class_dependency_ains AFTER INSERT ON dhcp6_client_class_dependency
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_dependency_AINS();
CREATE TRIGGER dhcp6_options_ains AFTER INSERT ON dhcp6_options
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_options_AINS();
CREATE TRIGGER dhcp6_options_aupd AFTER UPDATE ON dhcp6_options
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_options_AUPD();
CREATE TRIGGER dhcp6_options_adel AFTER DELETE ON dhcp6_options
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_options_ADEL();
CREATE TRIGGER dhcp6_pool_bdel BEFORE DELETE ON dhcp6_pool
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_pool_BDEL();
CREATE TRIGGER dhcp6_subnet_bdel BEFORE DELETE ON dhcp6_subnet
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_subnet_BDEL();
CREATE TRIGGER dhcp6_shared_network_bdel BEFORE DELETE ON dhcp6_shared_network
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_shared_network_BDEL();
CREATE TRIGGER dhcp6_server_ains AFTER INSERT ON dhcp6_server
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_server_AINS();
CREATE TRIGGER dhcp6_server_aupd AFTER UPDATE ON dhcp6_server
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_server_AUPD();
CREATE TRIGGER dhcp6_server_adel AFTER DELETE ON dhcp6_server
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_server_ADEL();
CREATE TRIGGER dhcp6_global_parameter_ains AFTER INSERT ON dhcp6_global_parameter
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_global_parameter_AINS();
CREATE TRIGGER dhcp6_global_parameter_aupd AFTER UPDATE ON dhcp6_global_parameter
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_global_parameter_AUPD();
CREATE TRIGGER dhcp6_global_parameter_adel AFTER DELETE ON dhcp6_global_parameter
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_global_parameter_ADEL();
CREATE TRIGGER dhcp6_option_def_ains AFTER INSERT ON dhcp6_option_def
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_option_def_AINS();
CREATE TRIGGER dhcp6_option_def_aupd AFTER UPDATE ON dhcp6_option_def
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_option_def_AUPD();
CREATE TRIGGER dhcp6_option_def_adel AFTER DELETE ON dhcp6_option_def
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_option_def_ADEL();
CREATE TRIGGER dhcp6_shared_network_ains AFTER INSERT ON dhcp6_shared_network
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_shared_network_AINS();
CREATE TRIGGER dhcp6_shared_network_aupd AFTER UPDATE ON dhcp6_shared_network
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_shared_network_AUPD();
CREATE TRIGGER dhcp6_subnet_ains AFTER INSERT ON dhcp6_subnet
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_subnet_AINS();
CREATE TRIGGER dhcp6_subnet_aupd AFTER UPDATE ON dhcp6_subnet
  FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_subnet_AUPD();
CREATE TRIGGER dhcp6_audit_modification_ts_update AFTER UPDATE ON dhcp6_audit
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_audit_revision_modification_ts_update AFTER UPDATE ON dhcp6_audit_revision
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_global_parameter_modification_ts_update AFTER UPDATE ON dhcp6_global_parameter
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_global_parameter_server_modification_ts_update AFTER UPDATE ON dhcp6_global_parameter_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_option_def_modification_ts_update AFTER UPDATE ON dhcp6_option_def
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_option_def_server_modification_ts_update AFTER UPDATE ON dhcp6_option_def_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_options_modification_ts_update AFTER UPDATE ON dhcp6_options
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_options_server_modification_ts_update AFTER UPDATE ON dhcp6_options_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_pool_modification_ts_update AFTER UPDATE ON dhcp6_pool
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_server_modification_ts_update AFTER UPDATE ON dhcp6_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_shared_network_modification_ts_update AFTER UPDATE ON dhcp6_shared_network
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_subnet_server_modification_ts_update AFTER UPDATE ON dhcp6_subnet_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_pd_pool_modification_ts_update AFTER UPDATE ON dhcp6_pd_pool
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_subnet_modification_ts_update AFTER UPDATE ON dhcp6_server
  FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();

-- nestor:routines-end

-- Written last: a database reporting 13.0 is complete.
INSERT INTO schema_version (version, minor) VALUES (13, 0);

COMMIT;
