// Runs inside the client namespace (started by kea-oracle.ts through `ip netns exec`): sends
// each DHCPv6 message of a batch from port 546 to ff02::1:2 on one interface, one at a time,
// and prints one JSON line per message with the reply's bytes (hex) or null when none came.
// A message is resent every `resendMs` until `timeoutMs` passes: Kea drops nothing on a quiet
// veth, so a missing reply means Kea itself chose not to answer (DROP class, for instance).
//
// Usage: node send-dhcp6.mjs <batch.json>
//   batch.json: { "iface": "nevc", "timeoutMs": 2000, "resendMs": 700, "packets": ["hex", ...] }
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';

const batch = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const RELAY_FORW = 12;
const RELAY_REPL = 13;

/** The transaction id of the client message inside any relay layers, or undefined. */
function transactionId(bytes) {
  let at = 0;
  // Relay header: type, hop count, link and peer addresses (34 bytes), then options.
  while (bytes[at] === RELAY_FORW || bytes[at] === RELAY_REPL) {
    let next;
    for (let o = at + 34; o + 4 <= bytes.length; ) {
      const code = bytes.readUInt16BE(o);
      const length = bytes.readUInt16BE(o + 2);
      if (code === 9) next = o + 4;
      o += 4 + length;
    }
    if (next === undefined) return undefined;
    at = next;
  }
  return at + 4 <= bytes.length ? bytes.readUIntBE(at + 1, 3) : undefined;
}

const socket = dgram.createSocket({ type: 'udp6', reuseAddr: true });
await new Promise((resolve, reject) => {
  socket.once('error', reject);
  socket.bind({ port: 546, address: '::' }, resolve);
});

let waiting;
socket.on('message', (reply) => waiting?.(reply));

for (const hex of batch.packets) {
  const message = Buffer.from(hex, 'hex');
  const wanted = transactionId(message);
  const reply = await new Promise((resolve) => {
    const send = () => socket.send(message, 547, `ff02::1:2%${batch.iface}`);
    const resend = setInterval(send, batch.resendMs);
    const deadline = setTimeout(() => finish(null), batch.timeoutMs);
    function finish(value) {
      clearInterval(resend);
      clearTimeout(deadline);
      waiting = undefined;
      resolve(value);
    }
    waiting = (bytes) => {
      if (transactionId(bytes) === wanted) finish(bytes.toString('hex'));
    };
    send();
  });
  process.stdout.write(`${JSON.stringify({ reply })}\n`);
}
socket.close();
