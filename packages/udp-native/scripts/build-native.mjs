#!/usr/bin/env node
// Compiles native/udp_native.c into build/udp_native.node with the machine's C compiler and
// Node's own headers: nothing is downloaded (node-gyp would fetch headers it cannot find).
// A failed compile is not a failed install: without the addon, kea-dhcp6 uses node:dgram and
// says so at start. Run by the package's `install` and `build` scripts; does nothing when the
// addon is newer than its source.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'native', 'udp_native.c');
const output = join(root, 'build', 'udp_native.node');
const force = process.argv.includes('--force');

/** Where Node's headers (node_api.h, uv.h) are: npm's nodedir, beside the binary, or /usr. */
function includeDir() {
  const candidates = [
    process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
    join(dirname(process.execPath), '..', 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, 'node_api.h')) && existsSync(join(dir, 'uv.h')));
}

function notBuilt(reason) {
  rmSync(output, { force: true });
  console.warn(`@nestor/udp-native: addon not built (${reason}); kea-dhcp6 will use node:dgram`);
  process.exit(0);
}

if (process.platform !== 'linux') notBuilt(`recvmmsg is Linux only, this is ${process.platform}`);
if (!force && existsSync(output) && statSync(output).mtimeMs > statSync(source).mtimeMs) process.exit(0);
const include = includeDir();
if (!include) notBuilt("Node's headers (node_api.h, uv.h) not found");
const compiler = process.env.CC || 'cc';
mkdirSync(dirname(output), { recursive: true });
const partial = `${output}.${process.pid}.tmp`;
const args = [
  '-O2',
  '-std=gnu11',
  '-Wall',
  '-Wextra',
  '-fPIC',
  '-shared',
  '-fvisibility=hidden',
  '-DNODE_GYP_MODULE_NAME=udp_native',
  `-I${include}`,
  '-o',
  partial,
  source,
];
const run = spawnSync(compiler, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (run.error || run.status !== 0) {
  rmSync(partial, { force: true });
  notBuilt(run.error ? `${compiler}: ${run.error.message}` : `${compiler} exited with ${run.status}`);
}
renameSync(partial, output);
console.log(`@nestor/udp-native: built ${output}`);
