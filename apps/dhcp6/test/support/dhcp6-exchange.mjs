// Runs inside a client namespace (started through `ip netns exec` by twin-servers.ts): sends the
// DHCPv6 messages of a batch one at a time, in order, from port 546 to ff02::1:2 on one
// interface, and prints the reply to each (hex) or null when none came. One at a time so that the
// server sees them in the batch's order: what one client is given can depend on what the
// previous one took. A message without a reply is sent once more before it counts as unanswered
// (on a quiet veth nothing is lost, so silence means the server chose not to answer).
//
// Usage: node dhcp6-exchange.mjs <batch.json>
//   batch.json: { "iface": "c0", "waitMs": 400, "packets": ["hex", ...] }
// Prints one line: "REPLIES <json array>".
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';

const RELAY_FORW = 12;
const RELAY_REPL = 13;
const RELAY_MSG = 9;

/** The transaction id of the client message inside any relay layers. */
function transactionId(bytes) {
  let at = 0;
  while (bytes[at] === RELAY_FORW || bytes[at] === RELAY_REPL) {
    let inner;
    // A relay header is 34 bytes (type, hop count, link and peer addresses), then options.
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

const batch = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const socket = dgram.createSocket({ type: 'udp6' });
await new Promise((resolve, reject) => {
  socket.once('error', reject);
  socket.bind({ port: 546, address: '::' }, resolve);
});

let waiting;
socket.on('message', (reply) => {
  if (waiting && transactionId(reply) === waiting.tid) waiting.done(reply.toString('hex'));
});

/** Sends one message and waits (bounded) for the reply with its transaction id. */
function exchange(message, waitMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting = undefined;
      resolve(null);
    }, waitMs);
    waiting = {
      tid: transactionId(message),
      done: (hex) => {
        clearTimeout(timer);
        waiting = undefined;
        resolve(hex);
      },
    };
    socket.send(message, 547, `ff02::1:2%${batch.iface}`);
  });
}

const replies = [];
for (const hex of batch.packets) {
  const message = Buffer.from(hex, 'hex');
  replies.push((await exchange(message, batch.waitMs)) ?? (await exchange(message, batch.waitMs)));
}
socket.close();
process.stdout.write(`REPLIES ${JSON.stringify(replies)}\n`);
