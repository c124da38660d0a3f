#!/usr/bin/env node
import { runLfc } from './lfc.js';

runLfc(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Service failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
