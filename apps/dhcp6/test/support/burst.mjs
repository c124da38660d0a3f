// Runs inside a client namespace: sends DHCPv6 messages in phases, each phase's messages all at
// once (from port 546 to ff02::1:2 on one interface), pausing between phases, then listens for
// `waitMs` and prints the transaction ids answered: "ANSWERED <json array>".
//
// Usage: node burst.mjs <plan.json>
//   plan.json: { "iface": "c0", "waitMs": 3000, "phases": [{ "packets": ["hex"], "pauseMs": 300 }] }
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const socket = dgram.createSocket({ type: 'udp6' });
await new Promise((resolve, reject) => {
  socket.once('error', reject);
  socket.bind({ port: 546, address: '::' }, resolve);
});
const answered = [];
socket.on('message', (bytes) => answered.push(bytes.readUIntBE(1, 3)));
for (const phase of plan.phases) {
  for (const hex of phase.packets) socket.send(Buffer.from(hex, 'hex'), 547, `ff02::1:2%${plan.iface}`);
  await new Promise((resolve) => setTimeout(resolve, phase.pauseMs ?? 0));
}
await new Promise((resolve) => setTimeout(resolve, plan.waitMs));
console.log(`ANSWERED ${JSON.stringify(answered.sort((a, b) => a - b))}`);
socket.close();
