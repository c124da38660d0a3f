#!/usr/bin/env node
// A container's HEALTHCHECK: asks the daemon for status-get and exits 0 only when it answers
// with result 0 within the time allowed, so a daemon that is stopped, hung or not listening
// makes the container unhealthy. NESTOR_HEALTHCHECK names where to ask:
//   unix:/run/kea/kea6-ctrl-socket     a daemon's unix control socket (Kea's protocol: one JSON
//                                      command per connection)
//   http://127.0.0.1:8000/             the control agent's own HTTP endpoint
// NESTOR_HEALTHCHECK_TIMEOUT_MS (default 3000) bounds the whole exchange.
import { connect } from 'node:net';

const where = process.argv[2] ?? process.env.NESTOR_HEALTHCHECK ?? '';
const timeoutMs = Number(process.env.NESTOR_HEALTHCHECK_TIMEOUT_MS ?? 3000);
const command = JSON.stringify({ command: 'status-get' });

function fail(why) {
  console.error(`unhealthy: ${why}`);
  process.exit(1);
}

function judge(answer) {
  // The agent answers its own commands with an object; a daemon's socket too. A list (an agent
  // forwarding) must be all successes.
  const answers = Array.isArray(answer) ? answer : [answer];
  if (answers.length === 0 || answers.some((a) => a?.result !== 0))
    fail(`status-get answered ${JSON.stringify(answer)}`);
  const pid = answers[0]?.arguments?.pid;
  console.log(`healthy${pid === undefined ? '' : ` (pid ${pid})`}`);
  process.exit(0);
}

setTimeout(() => fail(`no answer to status-get from ${where} within ${timeoutMs} ms`), timeoutMs).unref();

if (where.startsWith('unix:')) {
  const socket = connect(where.slice('unix:'.length));
  let text = '';
  socket.setEncoding('utf8');
  socket.on('connect', () => socket.write(command));
  socket.on('data', (chunk) => {
    text += chunk;
    try {
      judge(JSON.parse(text));
    } catch {
      // Not the whole answer yet.
    }
  });
  socket.on('end', () => fail(`the socket closed after ${JSON.stringify(text)}`));
  socket.on('error', (err) => fail(`${where}: ${err.message}`));
} else if (where.startsWith('http://') || where.startsWith('https://')) {
  try {
    const response = await fetch(where, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: command,
      signal: AbortSignal.timeout(timeoutMs),
    });
    judge(await response.json());
  } catch (err) {
    fail(`${where}: ${err.message}`);
  }
} else {
  fail(`NESTOR_HEALTHCHECK must be unix:<socket path> or an http(s):// URL, not ${JSON.stringify(where)}`);
}
