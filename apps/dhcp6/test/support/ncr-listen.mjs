// A UDP listener standing in for kea-dhcp-ddns in a test: every datagram it receives on
// 127.0.0.1:<port> is printed as one "NCR <hex>" line (stdout goes to a file, written at once).
import { createSocket } from 'node:dgram';
import { writeSync } from 'node:fs';

const port = Number(process.argv[2]);
const socket = createSocket('udp4');
socket.on('message', (msg) => writeSync(1, `NCR ${msg.toString('hex')}\n`));
socket.bind(port, '127.0.0.1', () => writeSync(1, 'LISTENING\n'));
process.on('SIGTERM', () => socket.close(() => process.exit(0)));
