#!/usr/bin/env node
import { createInterface } from 'node:readline';
import { runAdmin } from './admin.js';

/** Reads a line from the terminal; a secret is read with echo off. */
function ask(prompt: string, secret: boolean): Promise<string> {
  return new Promise((resolve) => {
    process.stdout.write(prompt);
    const rl = createInterface({ input: process.stdin, terminal: true });
    if (secret) (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      if (secret) process.stdout.write('\n');
      resolve(answer);
    });
  });
}

runAdmin(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stdin.isTTY === true,
  ask,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stdout.write(`ERROR/kea-admin: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
