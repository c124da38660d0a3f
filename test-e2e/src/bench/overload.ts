import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDhcp6Server, TestNetwork } from '@nestor/testkit';
import type { ServerUnderTest } from '../servers.js';
import { benchConfig } from './config.js';
import { type PerfdhcpReport, parsePerfdhcpOutput, perfdhcpArgv } from './perfdhcp.js';
import { liveNetworks } from './run.js';

/**
 * What dhcp-queue-control (Kea's kea-ring6 receive queue) does under overload: the server is
 * offered about twice what it sustains, once with the queue off and once on, and perfdhcp says
 * how many exchanges completed per second and how long the answered ones took. Without the
 * queue, packets wait in the socket's kernel buffer (megabytes: thousands of packets) and are
 * answered seconds late, when their clients have given up; with it, the oldest waiting packets
 * are discarded and the rest answered while they are fresh. About half a minute in all.
 */

const SERVER_IF = 'o-srv';
const CLIENT_IF = 'o-cli';

export interface OverloadSettings {
  /** The probe's first offered rate and its bound (it doubles in between). */
  startRate: number;
  maxRate: number;
  probeSeconds: number;
  /** Length of each overload run. */
  seconds: number;
  /** The ring's capacity when the queue is on (Kea's default: 64). */
  capacity: number;
}

export const DEFAULT_OVERLOAD: OverloadSettings = {
  startRate: 1000,
  maxRate: 64_000,
  probeSeconds: 2,
  seconds: 8,
  capacity: 64,
};

export interface OverloadRow {
  queue: 'off' | 'on';
  offered: number;
  /** Completed 4-way exchanges per second. */
  answered: number;
  /** The worst exchange's share of unanswered packets, percent. */
  dropsPct: number;
  /** Average delay of the answered packets, per exchange (ms). */
  avgDelayMs: Record<string, number>;
}

export interface OverloadFigure {
  server: string;
  sustainable: number;
  rows: OverloadRow[];
  note?: string;
}

/** perfdhcp's "avg delay" per exchange, in ms. */
export function averageDelays(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const section of text.split(/^\*\*\*Statistics for: /m).slice(1)) {
    const name = /^(\S+?)\*\*\*/.exec(section)?.[1];
    const delay = /^avg delay:\s+([\d.]+)\s*ms/m.exec(section)?.[1];
    if (name !== undefined && delay !== undefined) out[name] = Number(delay);
  }
  return out;
}

function worstDrops(report: PerfdhcpReport): number {
  let worst = 0;
  for (const { sent, drops } of Object.values(report.exchanges))
    if (sent > 0) worst = Math.max(worst, (drops / sent) * 100);
  return worst;
}

interface RunningServer {
  perfdhcp(rate: number, seconds: number): Promise<{ report: PerfdhcpReport; output: string }>;
  destroy(): Promise<void>;
}

/** A fresh server in its namespaces, with or without the queue, and perfdhcp runs against it. */
async function startServer(
  server: ServerUnderTest,
  queue: boolean,
  capacity: number,
): Promise<RunningServer> {
  const network = new TestNetwork({ tag: `ovl-${queue ? 'q' : 'n'}` });
  liveNetworks.add(network);
  const destroy = async (): Promise<void> => {
    await network.destroy().catch(() => undefined);
    liveNetworks.delete(network);
  };
  try {
    const srv = await network.addNamespace('srv');
    const cli = await network.addNamespace('cli');
    await network.link(srv, SERVER_IF, cli, CLIENT_IF);
    const configPath = join(network.dir, 'overload.json');
    const config = benchConfig(network.dir, SERVER_IF) as { Dhcp6: Record<string, unknown> };
    config.Dhcp6['dhcp-queue-control'] = { 'enable-queue': queue, 'queue-type': 'kea-ring6', capacity };
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    await startDhcp6Server(network, srv, { command: server, configPath, timeoutMs: 15_000 });
    return {
      perfdhcp: async (rate, seconds) => {
        const argv = perfdhcpArgv({
          iface: CLIENT_IF,
          leaseType: 'address-only',
          rate,
          clients: 1_000_000,
          seconds,
        });
        const { output } = await network.run(cli, 'perfdhcp', argv, (seconds + 30) * 1000);
        return { report: parsePerfdhcpOutput(output), output };
      },
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/**
 * The sustainable rate, quickly, in short steps: from `settings.startRate`, halving until the
 * server keeps up (at least 90% of the offer completed, at most 2% drops; an overloaded server
 * completes far less than it sustains, so a failed step says little), then doubling until it
 * falls short again. The best completed rate of a step that kept up, else the best seen.
 */
async function sustainableRate(
  running: RunningServer,
  settings: OverloadSettings,
  progress: (line: string) => void,
): Promise<number> {
  const step = async (rate: number): Promise<{ achieved: number; kept: boolean }> => {
    const { report } = await running.perfdhcp(rate, settings.probeSeconds);
    const achieved = Math.round(report.rate);
    const drops = worstDrops(report);
    progress(`  probe: offered ${rate}/s -> ${achieved}/s, ${drops.toFixed(1)}% drops`);
    return { achieved, kept: achieved >= rate * 0.9 && drops <= 2 };
  };
  let rate = settings.startRate;
  let best = 0;
  let seen = 0;
  for (;;) {
    const { achieved, kept } = await step(rate);
    seen = Math.max(seen, achieved);
    if (kept) {
      best = achieved;
      break;
    }
    if (rate <= 32) return seen;
    rate = Math.floor(rate / 2);
  }
  for (rate *= 2; rate <= settings.maxRate; rate *= 2) {
    const { achieved, kept } = await step(rate);
    if (!kept) break;
    best = Math.max(best, achieved);
  }
  return best;
}

/** The figure: sustainable rate, then twice that with the queue off and on. */
export async function overloadFigure(
  server: ServerUnderTest,
  settings: OverloadSettings = DEFAULT_OVERLOAD,
  progress: (line: string) => void = () => {},
): Promise<OverloadFigure> {
  const rows: OverloadRow[] = [];
  let sustainable = 0;
  for (const queue of [false, true]) {
    const running = await startServer(server, queue, settings.capacity);
    try {
      if (!queue) {
        sustainable = await sustainableRate(running, settings, progress);
        progress(`  ${server.label}: sustains about ${sustainable} exchanges/s`);
        if (sustainable <= 0) return { server: server.label, sustainable, rows, note: 'no answers' };
      }
      const offered = sustainable * 2;
      const { report, output } = await running.perfdhcp(offered, settings.seconds);
      const row: OverloadRow = {
        queue: queue ? 'on' : 'off',
        offered,
        answered: Math.round(report.rate),
        dropsPct: worstDrops(report),
        avgDelayMs: averageDelays(output),
      };
      progress(
        `  queue ${row.queue}: offered ${offered}/s -> ${row.answered}/s, ${row.dropsPct.toFixed(1)}% drops, delays ${JSON.stringify(row.avgDelayMs)}`,
      );
      rows.push(row);
    } finally {
      await running.destroy();
    }
  }
  return { server: server.label, sustainable, rows };
}

export function formatOverload(
  figure: OverloadFigure,
  settings: OverloadSettings = DEFAULT_OVERLOAD,
): string {
  const lines = [
    `dhcp-queue-control under overload (${figure.server}; kea-ring6 capacity ${settings.capacity}; address-only; ${settings.seconds} s at twice the ${figure.sustainable}/s sustained):`,
    '  queue  offered/s  answered/s  drops  avg delay SOLICIT-ADVERTISE / REQUEST-REPLY',
  ];
  if (figure.note) lines.push(`  ${figure.note}`);
  for (const r of figure.rows) {
    const sa = r.avgDelayMs['SOLICIT-ADVERTISE'];
    const rr = r.avgDelayMs['REQUEST-REPLY'];
    const ms = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(1)} ms`);
    lines.push(
      `  ${r.queue.padEnd(5)}  ${String(r.offered).padStart(9)}  ${String(r.answered).padStart(10)}  ${`${r.dropsPct.toFixed(1)}%`.padStart(5)}  ${ms(sa)} / ${ms(rr)}`,
    );
  }
  return lines.join('\n');
}
