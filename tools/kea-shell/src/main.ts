#!/usr/bin/env node
import { runShell } from './shell.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runShell(process.argv.slice(2), {
  readStdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  // Exit at once: a request that timed out, or a terminal on stdin, must not keep us alive.
  (code) => process.exit(code),
  (err: unknown) => {
    process.stdout.write(`Failed to run: ${String(err)}\n`);
    process.exit(1);
  },
);
