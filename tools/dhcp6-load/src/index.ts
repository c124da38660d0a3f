export { type ClientOptions, Dhcp6TestClient } from './client.js';
export { type Binding, clientDuid, fourWay, giveBack, renew } from './exchanges.js';
export { fuzzPackets, random } from './fuzz.js';
