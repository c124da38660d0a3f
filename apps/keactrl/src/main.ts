#!/usr/bin/env node
import { runKeactrl } from './keactrl.js';

runKeactrl(process.argv.slice(2), { out: (line) => process.stdout.write(`${line}\n`) }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stdout.write(`ERROR/keactrl: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
