#!/usr/bin/env node
// Stages what each container image holds, from this checkout's build (run `pnpm install` and
// `pnpm build` first), into build/containers/<target>/: the repository's own layout (bin/,
// apps/<app>/dist, packages/<pkg>/dist, package.json) under what becomes /opt/nestor, so the
// programs find their installation prefix, bin/kea-lfc and their version as they do in a checkout.
// Only production dependencies go in: the closure of each daemon's `dependencies`, found as Node
// resolves them and copied from pnpm's store layout (node_modules/.pnpm) with the links pnpm made,
// without type declarations, source maps or tests. This is what `pnpm deploy --prod` would give,
// done offline from the packages this checkout already installed (pnpm 9's deploy resolves the
// root's dev dependencies too and fails offline) and without moving the packages out of the
// layout the installation prefix is computed from.
//   node scripts/container-stage.mjs [target...]     default: every target
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'containers');

/** Each image: the workspace packages whose programs it runs, and the bin/ names it keeps. */
const TARGETS = {
  'kea-dhcp6': { packages: ['apps/dhcp6', 'apps/lfc'], programs: ['kea-dhcp6', 'kea-lfc'] },
  'kea-dhcp-ddns': { packages: ['apps/d2'], programs: ['kea-dhcp-ddns'] },
  'kea-ctrl-agent': { packages: ['apps/ctrl-agent'], programs: ['kea-ctrl-agent'] },
};

/** Files a running program never reads. */
function wanted(path) {
  const name = path.slice(path.lastIndexOf(sep) + 1);
  if (/\.(d\.[cm]?ts|map|tsbuildinfo)$/.test(name)) return false;
  if (/^(README|CHANGELOG|HISTORY)(\.md)?$/i.test(name)) return false;
  return !['.turbo', 'node_modules', 'test', 'tests', '__tests__', '.github'].includes(name);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Where Node finds `name` from a package directory: its own node_modules, then its parents'. */
function lookup(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

/**
 * The production closure of some workspace packages: every package directory (real path) and
 * every link Node follows to reach one (the path it looks at, and the real directory behind it).
 */
function closure(starts) {
  const packages = new Set();
  const links = new Map();
  const pending = starts.map((p) => join(root, p));
  while (pending.length > 0) {
    const dir = pending.pop();
    if (packages.has(dir)) continue;
    packages.add(dir);
    const manifest = readJson(join(dir, 'package.json'));
    const names = [
      ...Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, optional: false })),
      ...Object.keys(manifest.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ];
    for (const { name, optional } of names) {
      const seen = lookup(dir, name);
      if (seen === undefined) {
        if (optional) continue;
        throw new Error(
          `${relative(root, dir)} depends on ${name}, which is not installed: run pnpm install`,
        );
      }
      const real = realpathSync(seen);
      if (seen !== real) links.set(seen, real);
      pending.push(real);
    }
  }
  return { packages, links };
}

function stage(target) {
  const { packages: starts, programs } = TARGETS[target];
  const dest = join(out, target);
  rmSync(dest, { recursive: true, force: true });
  const { packages, links } = closure(starts);
  for (const dir of packages) {
    const workspace = !relative(root, dir).startsWith(`node_modules${sep}`);
    if (workspace && !existsSync(join(dir, 'dist'))) {
      throw new Error(`${relative(root, dir)}/dist is missing: run pnpm build`);
    }
    const to = join(dest, relative(root, dir));
    if (workspace) {
      mkdirSync(to, { recursive: true });
      cpSync(join(dir, 'package.json'), join(to, 'package.json'));
      cpSync(join(dir, 'dist'), join(to, 'dist'), { recursive: true, filter: wanted });
      // A native addon built at install (@nestor/udp-native); without it the program falls back.
      const addons = join(dir, 'build');
      if (existsSync(addons))
        cpSync(addons, join(to, 'build'), { recursive: true, filter: (p) => !p.endsWith('.tmp') });
    } else {
      cpSync(dir, to, { recursive: true, filter: wanted });
    }
  }
  for (const [seen, real] of links) {
    const at = join(dest, relative(root, seen));
    mkdirSync(dirname(at), { recursive: true });
    if (existsSync(at) || isLink(at)) continue;
    symlinkSync(relative(dirname(at), join(dest, relative(root, real))), at);
  }
  // The root manifest carries the release version the programs report.
  const { name, version, type } = readJson(join(root, 'package.json'));
  writeFileSync(
    join(dest, 'package.json'),
    `${JSON.stringify({ name, version, type, private: true }, null, 2)}\n`,
  );
  mkdirSync(join(dest, 'bin'), { recursive: true });
  cpSync(join(root, 'bin', '_launch'), join(dest, 'bin', '_launch'));
  for (const program of programs) symlinkSync('_launch', join(dest, 'bin', program));
  cpSync(join(root, 'containers', 'healthcheck.mjs'), join(dest, 'bin', 'nestor-healthcheck'));
  return { dest, packages: packages.size };
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function sizeOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

const asked = process.argv.slice(2);
for (const target of asked.length > 0 ? asked : Object.keys(TARGETS)) {
  if (!(target in TARGETS)) {
    console.error(`unknown target ${target}; targets: ${Object.keys(TARGETS).join(', ')}`);
    process.exit(2);
  }
  const { dest, packages } = stage(target);
  console.log(
    `${target}: ${packages} packages, ${(sizeOf(dest) / 1e6).toFixed(1)} MB in ${relative(root, dest)}`,
  );
}
