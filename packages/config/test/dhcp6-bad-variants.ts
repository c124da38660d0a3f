/**
 * Configurations Kea refuses, each with where the problem must be reported: the JSON path and
 * the line holding `marker`. Shared by the checks test (ours) and the oracle test (Kea's -t).
 */
export interface BadVariant {
  name: string;
  text: string;
  path: string;
  /** A substring of the line the problem must point at. */
  marker: string;
  message: RegExp;
}

const subnet = (body: string): string => `{
  "Dhcp6": {
    "subnet6": [
      {
        "subnet": "2001:db8:1::/64",
        "id": 1,
${body}
      }
    ]
  }
}
`;

export const BAD_VARIANTS: BadVariant[] = [
  {
    name: 'overlapping pools in one subnet',
    text: subnet(`        "pools": [
          { "pool": "2001:db8:1::1-2001:db8:1::ff" },
          { "pool": "2001:db8:1::80 - 2001:db8:1::1ff" }
        ]`),
    path: 'Dhcp6.subnet6[0].pools[1].pool',
    marker: '2001:db8:1::80 -',
    message: /overlaps with an existing pool in the subnet: 2001:db8:1::\/64/,
  },
  {
    name: 'overlapping pd-pools in one subnet',
    text: subnet(`        "pd-pools": [
          { "prefix": "2001:db8:8::", "prefix-len": 48, "delegated-len": 64 },
          { "prefix": "2001:db8:8:8000::", "prefix-len": 49, "delegated-len": 64 }
        ]`),
    path: 'Dhcp6.subnet6[0].pd-pools[1].prefix',
    marker: '2001:db8:8:8000::',
    message: /a pool of type IA_PD, .* overlaps with an existing pool/,
  },
  {
    name: 'an address pool overlapping a prefix pool',
    text: subnet(`        "pools": [ { "pool": "2001:db8:1::/80" } ],
        "pd-pools": [
          { "prefix": "2001:db8:1::", "prefix-len": 64, "delegated-len": 72 }
        ]`),
    path: 'Dhcp6.subnet6[0].pd-pools[0].prefix',
    marker: '"prefix": "2001:db8:1::"',
    message: /overlaps with an existing pool/,
  },
  {
    name: 'a pool outside its subnet',
    text: subnet(`        "pools": [
          { "pool": "2001:db8:2::1-2001:db8:2::10" }
        ]`),
    path: 'Dhcp6.subnet6[0].pools[0].pool',
    marker: '2001:db8:2::1-',
    message: /does not match the prefix of a subnet: 2001:db8:1::\/64/,
  },
  {
    name: 'a pool given as a prefix wider than its subnet',
    text: subnet(`        "pools": [
          { "pool": "2001:db8:1::/56" }
        ]`),
    path: 'Dhcp6.subnet6[0].pools[0].pool',
    marker: '2001:db8:1::/56',
    message: /does not match the prefix of a subnet/,
  },
  {
    name: 'a pool whose first address is after its last',
    text: subnet(`        "pools": [
          { "pool": "2001:db8:1::20-2001:db8:1::10" }
        ]`),
    path: 'Dhcp6.subnet6[0].pools[0].pool',
    marker: '2001:db8:1::20-',
    message: /Failed to create pool defined by: 2001:db8:1::20-2001:db8:1::10/,
  },
  {
    name: 'delegated-len shorter than prefix-len',
    text: subnet(`        "pd-pools": [
          { "prefix": "2001:db8:8::",
            "prefix-len": 56,
            "delegated-len": 48 }
        ]`),
    path: 'Dhcp6.subnet6[0].pd-pools[0].delegated-len',
    marker: '"delegated-len": 48',
    message: /Delegated length \(48\) must be longer than or equal to prefix length \(56\)/,
  },
  {
    name: 'an excluded prefix outside its pd-pool',
    text: subnet(`        "pd-pools": [
          { "prefix": "2001:db8:8::", "prefix-len": 56, "delegated-len": 64,
            "excluded-prefix": "2001:db8:9::",
            "excluded-prefix-len": 72 }
        ]`),
    path: 'Dhcp6.subnet6[0].pd-pools[0].excluded-prefix',
    marker: '"excluded-prefix": "2001:db8:9::"',
    message: /excluded prefix 2001:db8:9::\/72 must have the same common prefix part of 64/,
  },
  {
    name: 'an excluded prefix not longer than the delegated length',
    text: subnet(`        "pd-pools": [
          { "prefix": "2001:db8:8::", "prefix-len": 56, "delegated-len": 64,
            "excluded-prefix": "2001:db8:8::",
            "excluded-prefix-len": 60 }
        ]`),
    path: 'Dhcp6.subnet6[0].pd-pools[0].excluded-prefix-len',
    marker: '"excluded-prefix-len": 60',
    message: /length of the excluded prefix .* must be greater than the length of the delegated prefix/,
  },
  {
    name: 'interface and interface-id on one subnet',
    text: subnet(`        "interface": "eth0",
        "interface-id": "relay-port-1"`),
    path: 'Dhcp6.subnet6[0].interface-id',
    marker: '"interface-id"',
    message:
      /interface .* and interface-id .* cannot be defined at the same time for subnet 2001:db8:1::\/64/,
  },
  {
    name: 'a duplicate subnet id',
    text: `{
  "Dhcp6": {
    "subnet6": [
      { "subnet": "2001:db8:1::/64", "id": 7 },
      { "subnet": "2001:db8:2::/64",
        "id": 7 }
    ]
  }
}
`,
    path: 'Dhcp6.subnet6[1].id',
    marker: '"id": 7 }\n',
    message: /ID of the new IPv6 subnet '7' is already in use/,
  },
  {
    name: 'an automatically assigned id colliding with an explicit one',
    text: `{
  "Dhcp6": {
    "subnet6": [
      { "subnet": "2001:db8:1::/64", "id": 1 },
      { "subnet": "2001:db8:2::/64" }
    ]
  }
}
`,
    path: 'Dhcp6.subnet6[1]',
    marker: '"subnet": "2001:db8:2::/64" }',
    message: /ID of the new IPv6 subnet '1' is already in use/,
  },
  {
    name: 'an out-of-range subnet id',
    text: subnet(`        "valid-lifetime": 4000`).replace('"id": 1', '"id": 4294967295'),
    path: 'Dhcp6.subnet6[0].id',
    marker: '"id": 4294967295',
    message: /The 'id' value \(4294967295\) is not within expected range: \(0 - 4294967294\)/,
  },
  {
    name: 'a negative subnet id',
    text: subnet(`        "valid-lifetime": 4000`).replace('"id": 1', '"id": -3'),
    path: 'Dhcp6.subnet6[0].id',
    marker: '"id": -3',
    message: /not within expected range/,
  },
  {
    name: 'two subnets with the same prefix',
    text: `{
  "Dhcp6": {
    "subnet6": [
      { "subnet": "2001:db8:1::/64", "id": 1 },
      { "id": 2,
        "subnet": "2001:db8:1::/64" }
    ]
  }
}
`,
    path: 'Dhcp6.subnet6[1].subnet',
    marker: '"subnet": "2001:db8:1::/64" }',
    message: /subnet with the prefix of '2001:db8:1::\/64' already exists/,
  },
  {
    name: 'one address reserved for two hosts while ip-reservations-unique is true',
    text: subnet(`        "reservations": [
          { "duid": "01:02:03:04", "ip-addresses": [ "2001:db8:1::100" ] },
          { "duid": "01:02:03:05",
            "ip-addresses": [ "2001:db8:1::100" ] }
        ]`),
    path: 'Dhcp6.subnet6[0].reservations[1].ip-addresses[0]',
    marker: '"ip-addresses": [ "2001:db8:1::100" ] }\n',
    message: /'2001:db8:1::100' is already reserved for another host/,
  },
  {
    name: 'one prefix reserved for two hosts',
    text: subnet(`        "reservations": [
          { "duid": "01:02:03:04", "prefixes": [ "2001:db8:9::/64" ] },
          { "hw-address": "00:11:22:33:44:55",
            "prefixes": [ "2001:db8:9::/64" ] }
        ]`),
    path: 'Dhcp6.subnet6[0].reservations[1].prefixes[0]',
    marker: '"prefixes": [ "2001:db8:9::/64" ] }\n',
    message: /'2001:db8:9::\/64' is already reserved/,
  },
  {
    name: 'one client reserved twice in a subnet',
    text: subnet(`        "reservations": [
          { "duid": "01:02:03:04", "ip-addresses": [ "2001:db8:1::100" ] },
          { "duid": "01:02:03:04",
            "ip-addresses": [ "2001:db8:1::101" ] }
        ]`),
    path: 'Dhcp6.subnet6[0].reservations[1].duid',
    marker: '{ "duid": "01:02:03:04",\n',
    message: /reserved more than once/,
  },
  {
    name: 'a reserved address outside its subnet',
    text: subnet(`        "reservations": [
          { "duid": "01:02:03:04",
            "ip-addresses": [ "2001:db8:2::100" ] }
        ]`),
    path: 'Dhcp6.subnet6[0].reservations[0].ip-addresses[0]',
    marker: '"2001:db8:2::100"',
    message: /specified reservation '2001:db8:2::100' is not within the IPv6 subnet '2001:db8:1::\/64'/,
  },
  {
    name: 'a reservation with two identifiers',
    text: subnet(`        "reservations": [
          { "duid": "01:02:03:04", "hw-address": "00:11:22:33:44:55" }
        ]`),
    path: 'Dhcp6.subnet6[0].reservations[0]',
    marker: '"hw-address": "00:11:22:33:44:55"',
    message: /'duid' and 'hw-address' are mutually exclusive/,
  },
  {
    name: 'a reservation without an identifier',
    text: subnet(`        "reservations": [
          { "hostname": "lonely" }
        ]`),
    path: 'Dhcp6.subnet6[0].reservations[0]',
    marker: '"hostname": "lonely"',
    message: /one of the supported identifiers must be specified/,
  },
  {
    name: 'option data that does not fit its definition',
    text: `{
  "Dhcp6": {
    "option-data": [
      { "name": "preference",
        "data": "300" }
    ]
  }
}
`,
    path: 'Dhcp6.option-data[0].data',
    marker: '"data": "300"',
    message: /option data does not match option definition \(space: dhcp6, code: 7\).*0\.\.255/,
  },
  {
    name: 'an address option with something that is not an address',
    text: subnet(`        "option-data": [
          { "name": "dns-servers", "data": "2001:db8::1, not-an-address" }
        ]`),
    path: 'Dhcp6.subnet6[0].option-data[0].data',
    marker: 'not-an-address',
    message: /option data does not match option definition \(space: dhcp6, code: 23\)/,
  },
  {
    name: 'option data naming an unknown option',
    text: `{
  "Dhcp6": {
    "option-data": [
      { "name": "no-such-option", "data": "1" }
    ]
  }
}
`,
    path: 'Dhcp6.option-data[0].name',
    marker: 'no-such-option',
    message: /option 'no-such-option' has no definition in option space 'dhcp6'/,
  },
  {
    name: 'a custom definition that redefines a standard option',
    text: `{
  "Dhcp6": {
    "option-def": [
      { "name": "my-dns", "type": "uint8",
        "code": 23 }
    ]
  }
}
`,
    path: 'Dhcp6.option-def[0].code',
    marker: '"code": 23',
    message:
      /unable to override the standard option with code 23 \('dns-servers', 23\) in option space 'dhcp6'/,
  },
  {
    name: 'an invalid hostname-char-set regular expression',
    text: subnet(`        "hostname-char-set": "[^A-Z"`),
    path: 'Dhcp6.subnet6[0].hostname-char-set',
    marker: '"hostname-char-set"',
    message: /hostname-char-set '\[\^A-Z' is not a valid regular expression/,
  },
  {
    name: 'a relay without ip-addresses',
    text: subnet(`        "relay": {
        }`),
    path: 'Dhcp6.subnet6[0].relay',
    marker: '"relay": {',
    message: /'relay' must not be an empty map/,
  },
  {
    name: 'a relay address that is not IPv6',
    text: subnet(`        "relay": {
          "ip-addresses": [ "192.0.2.1" ]
        }`),
    path: 'Dhcp6.subnet6[0].relay.ip-addresses[0]',
    marker: '192.0.2.1',
    message: /address 192.0.2.1 is not a: IPv6address/,
  },
  {
    name: 'renew-timer greater than rebind-timer',
    text: subnet(`        "renew-timer": 2000,
        "rebind-timer": 1000`),
    path: 'Dhcp6.subnet6[0].renew-timer',
    marker: '"renew-timer": 2000',
    message: /the value of renew-timer \(2000\) is greater than the value of rebind-timer \(1000\)/,
  },
  {
    name: 'a global renew-timer greater than a subnet rebind-timer',
    text: `{
  "Dhcp6": {
    "renew-timer": 3000,
    "subnet6": [
      { "subnet": "2001:db8:1::/64", "id": 1, "rebind-timer": 1000 }
    ]
  }
}
`,
    path: 'Dhcp6.renew-timer',
    marker: '"renew-timer": 3000',
    message: /renew-timer \(3000\) is greater than the value of rebind-timer \(1000\)/,
  },
  {
    name: 't1-percent not below t2-percent',
    text: subnet(`        "t1-percent": 0.9,
        "t2-percent": 0.8`),
    path: 'Dhcp6.subnet6[0].t1-percent',
    marker: '"t1-percent": 0.9',
    message: /t1-percent: 0.9 is invalid, it must be less than t2-percent: 0.8/,
  },
  {
    name: 't1-percent outside (0, 1)',
    text: subnet(`        "t1-percent": 1.5`),
    path: 'Dhcp6.subnet6[0].t1-percent',
    marker: '"t1-percent": 1.5',
    message: /t1-percent: 1.5 is invalid, it must be greater than 0.0 and less than 1.0/,
  },
  {
    name: 'min-valid-lifetime above max-valid-lifetime',
    text: subnet(`        "min-valid-lifetime": 5000,
        "max-valid-lifetime": 3000`),
    path: 'Dhcp6.subnet6[0].min-valid-lifetime',
    marker: '"min-valid-lifetime": 5000',
    message: /the value of min-valid-lifetime \(5000\) is not less than max-valid-lifetime \(3000\)/,
  },
  {
    name: 'an empty mac-sources list',
    text: `{
  "Dhcp6": {
    "mac-sources": [
    ]
  }
}
`,
    path: 'Dhcp6.mac-sources',
    marker: '"mac-sources"',
    message: /'mac-sources' must not be an empty list/,
  },
  {
    name: 'an unknown mac source',
    text: `{
  "Dhcp6": {
    "mac-sources": [ "duid",
      "carrier-pigeon" ]
  }
}
`,
    path: 'Dhcp6.mac-sources[1]',
    marker: '"carrier-pigeon"',
    message: /Failed to convert 'carrier-pigeon' to any recognized MAC source/,
  },
  {
    name: 'an unknown lease-database type',
    text: `{
  "Dhcp6": {
    "lease-database": {
      "type": "cassandra"
    }
  }
}
`,
    path: 'Dhcp6.lease-database.type',
    marker: '"type": "cassandra"',
    message:
      /'cassandra' is not a supported value of 'type'; supported values are: memfile, mysql, postgresql/,
  },
  {
    name: 'an unknown parameter in a subnet',
    text: subnet(`        "valid-lifetim": 4000`),
    path: 'Dhcp6.subnet6[0].valid-lifetim',
    marker: '"valid-lifetim"',
    message: /got unexpected keyword "valid-lifetim" in subnet6 map/,
  },
  {
    name: 'an unknown parameter in a pool',
    text: subnet(`        "pools": [
          { "pool": "2001:db8:1::/80",
            "valid-lifetime": 4000 }
        ]`),
    path: 'Dhcp6.subnet6[0].pools[0].valid-lifetime',
    marker: '"valid-lifetime": 4000 }',
    message: /got unexpected keyword "valid-lifetime" in pools map/,
  },
  {
    name: 'a DHCPv4 parameter in a reservation',
    text: subnet(`        "reservations": [
          { "duid": "01:02:03:04",
            "ip-address": "2001:db8:1::5" }
        ]`),
    path: 'Dhcp6.subnet6[0].reservations[0].ip-address',
    marker: '"ip-address"',
    message: /got unexpected keyword "ip-address" in reservations map/,
  },
  {
    name: 'a value of the wrong type',
    text: `{
  "Dhcp6": {
    "valid-lifetime": "4000"
  }
}
`,
    path: 'Dhcp6.valid-lifetime',
    marker: '"valid-lifetime"',
    message: /'valid-lifetime' must be an integer/,
  },
  {
    name: 'a duplicate shared network name',
    text: `{
  "Dhcp6": {
    "shared-networks": [
      { "name": "lab" },
      { "name": "lab" }
    ]
  }
}
`,
    path: 'Dhcp6.shared-networks[1].name',
    marker: '{ "name": "lab" }\n    ]',
    message: /duplicate network 'lab' found in the configuration/,
  },
  {
    name: 'a duplicate client class',
    text: `{
  "Dhcp6": {
    "client-classes": [
      { "name": "voip" },
      { "name": "voip" }
    ]
  }
}
`,
    path: 'Dhcp6.client-classes[1].name',
    marker: '{ "name": "voip" }\n    ]',
    message: /Client Class: voip has already been defined/,
  },
  {
    name: 'dhcp-ddns without enable-updates',
    text: `{
  "Dhcp6": {
    "dhcp-ddns": {
      "server-ip": "127.0.0.1" }
  }
}
`,
    path: 'Dhcp6.dhcp-ddns',
    marker: '"dhcp-ddns"',
    message: /missing parameter 'enable-updates'/,
  },
  {
    name: 'dhcp-ddns sender and server of different address families',
    text: `{
  "Dhcp6": {
    "dhcp-ddns": { "enable-updates": true, "server-ip": "2001:db8::5",
      "sender-ip": "0.0.0.0" }
  }
}
`,
    path: 'Dhcp6.dhcp-ddns.sender-ip',
    marker: '"sender-ip"',
    message: /address family mismatch: server-ip: 2001:db8::5 is: IPv6 while sender-ip: 0.0.0.0 is: IPv4/,
  },
  {
    name: 'NCRs to D2 over TCP',
    text: `{
  "Dhcp6": {
    "dhcp-ddns": { "enable-updates": true,
      "ncr-protocol": "TCP" }
  }
}
`,
    path: 'Dhcp6.dhcp-ddns.ncr-protocol',
    marker: '"ncr-protocol"',
    message: /NCR Protocol: TCP is not supported/,
  },
];
