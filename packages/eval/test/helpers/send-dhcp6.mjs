// Runs inside the client namespace (started by kea-oracle.ts through `ip netns exec`): sends a
// batch of DHCPv6 messages from port 546 to ff02::1:2 on one interface and prints, as one JSON
// array, each message's reply (hex) or null when none came. Replies are matched by the
// transaction id of the client message inside any relay layers, so the messages of a batch
// need distinct ones. Unanswered messages are sent again every `resendMs` until `timeoutMs`:
// on a quiet veth Kea loses nothing, so a missing reply means Kea chose not to answer
// (a DROP class, for instance).
//
// Usage: node send-dhcp6.mjs <batch.json>
//   batch.json: { "iface": "cli0", "timeoutMs": 2000, "resendMs": 700, "packets": ["hex", ...] }
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';

const batch = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const RELAY_FORW = 12;
const RELAY_REPL = 13;
const RELAY_MSG = 9;

/** The transaction id of the client message inside any relay layers, or undefined. */
function transactionId(bytes) {
  let at = 0;
  // A relay header is 34 bytes (type, hop count, link and peer addresses), then options.
  while (bytes[at] === RELAY_FORW || bytes[at] === RELAY_REPL) {
    let inner;
    for (let o = at + 34; o + 4 <= bytes.length; ) {
      const length = bytes.readUInt16BE(o + 2);
      if (bytes.readUInt16BE(o) === RELAY_MSG) inner = o + 4;
      o += 4 + length;
    }
    if (inner === undefined) return undefined;
    at = inner;
  }
  return at + 4 <= bytes.length ? bytes.readUIntBE(at + 1, 3) : undefined;
}

const messages = batch.packets.map((hex) => Buffer.from(hex, 'hex'));
const ids = messages.map(transactionId);
const replies = messages.map(() => null);

const socket = dgram.createSocket({ type: 'udp6', reuseAddr: true });
await new Promise((resolve, reject) => {
  socket.once('error', reject);
  socket.bind({ port: 546, address: '::' }, resolve);
});

await new Promise((resolve) => {
  const sendUnanswered = () => {
    messages.forEach((message, i) => {
      if (replies[i] === null) socket.send(message, 547, `ff02::1:2%${batch.iface}`);
    });
  };
  const finish = () => {
    clearInterval(resend);
    clearTimeout(deadline);
    resolve();
  };
  socket.on('message', (reply) => {
    const i = ids.indexOf(transactionId(reply));
    if (i >= 0 && replies[i] === null) replies[i] = reply.toString('hex');
    if (replies.every((r) => r !== null)) finish();
  });
  const resend = setInterval(sendUnanswered, batch.resendMs);
  const deadline = setTimeout(finish, batch.timeoutMs);
  sendUnanswered();
});
socket.close();
process.stdout.write(`${JSON.stringify(replies)}\n`);
