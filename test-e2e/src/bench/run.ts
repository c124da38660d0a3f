import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NsProcess, sendControlCommand, startDhcp6Server, TestNetwork } from '@nestor/testkit';
import type { ServerUnderTest } from '../servers.js';
import { benchConfig, controlSocketPath } from './config.js';
import { processCpuMs } from './cpu.js';
import { dropsPercent, type LeaseType, noAnswers, parsePerfdhcpOutput, perfdhcpArgv } from './perfdhcp.js';
import type { BenchRow, BenchSettings } from './report.js';
import { findHighestRate, type StepResult } from './search.js';

const SERVER_IF = 'b-srv';
const CLIENT_IF = 'b-cli';
/**
 * Messages the server has answered so far: its pkt6-advertise-sent plus pkt6-reply-sent
 * statistics, over its control socket.
 */
async function answersSent(socketPath: string): Promise<number> {
  return (
    (await statistic(socketPath, 'pkt6-advertise-sent')) + (await statistic(socketPath, 'pkt6-reply-sent'))
  );
}

/** One statistic's current value, over the server's control socket. */
async function statistic(socketPath: string, name: string): Promise<number> {
  const answer = await sendControlCommand(socketPath, 'statistic-get', { name });
  const samples = (answer.arguments as Record<string, [number, string][]> | undefined)?.[name];
  const value = samples?.[0]?.[0];
  if (answer.result !== 0 || typeof value !== 'number')
    throw new Error(`statistic-get ${name}: ${answer.text ?? JSON.stringify(answer)}`);
  return value;
}

/**
 * Waits until the server has worked through what the previous step left in its socket buffers
 * (its pkt6-received and pkt6-sent counts stop moving), at most `maxMs`. A step that overloaded
 * the server leaves up to seconds of queued packets; the next step would otherwise be answered
 * only after them, too late for perfdhcp, and measure the previous step's backlog instead of its
 * own rate. pkt6-sent too: a server that has read its packets may still be answering them (a
 * lookup in a database outstanding).
 */
export async function settle(socketPath: string, maxMs = SETTLE_MS): Promise<void> {
  // A server without the statistic (no control socket: a stand-in in the bench's own tests) is
  // not waited for.
  const counts = async () => {
    try {
      return `${await statistic(socketPath, 'pkt6-received')}/${await statistic(socketPath, 'pkt6-sent')}`;
    } catch {
      return undefined;
    }
  };
  const deadline = Date.now() + maxMs;
  let last = await counts();
  while (last !== undefined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    const now = await counts();
    if (now === last) return;
    last = now;
  }
}

const SETTLE_MS = 15_000;
const SETTLE_POLL_MS = 300;

/** perfdhcp run before the CPU-per-exchange step, not measured. */
export const WARM_UP_SECONDS = 3;

/** Networks alive right now, so an interrupted bench can still tear them down. */
export const liveNetworks = new Set<TestNetwork>();

/**
 * Benchmarks one server on one lease type in a fresh pair of namespaces: starts it on the
 * bench config, runs the rate search with perfdhcp from the client namespace against the same
 * running server, and tears everything down. Never throws for the server's sake: a server that
 * does not start or does not answer gets a row that says so.
 */
export async function benchServer(
  server: ServerUnderTest,
  leaseType: LeaseType,
  settings: BenchSettings,
  progress: (line: string) => void = () => {},
): Promise<BenchRow> {
  const row: BenchRow = {
    leaseType,
    serverId: server.id,
    server: server.label,
    status: 'ok',
    exchangesPerSecond: 0,
    dropsPct: 0,
    offered: 0,
    steps: [],
    serverAlive: false,
  };
  const network = new TestNetwork({ tag: `bench-${server.id}` });
  liveNetworks.add(network);
  try {
    const srv = await network.addNamespace('srv');
    const cli = await network.addNamespace('cli');
    await network.link(srv, SERVER_IF, cli, CLIENT_IF);
    const configPath = join(network.dir, 'bench.json');
    const ddns = leaseType === 'address-with-ddns';
    writeFileSync(configPath, JSON.stringify(benchConfig(network.dir, SERVER_IF, ddns), null, 2));
    if (ddns) {
      // kea-dhcp-ddns's port: a sink that takes the NCRs (no ICMP unreachable per datagram).
      const sink = network.spawn(srv, 'ncr-sink', [
        process.execPath,
        '-e',
        "const s=require('node:dgram').createSocket('udp4');let n=0;s.on('message',()=>n++);s.bind(53001,'127.0.0.1',()=>console.log('LISTENING'));process.on('SIGTERM',()=>{console.log('NCRS '+n);process.exit(0)})",
      ]);
      await sink.waitForOutput(/LISTENING/, 10_000);
    }
    let serverProcess: NsProcess;
    try {
      serverProcess = await startDhcp6Server(network, srv, {
        command: server,
        configPath,
        timeoutMs: 15_000,
      });
    } catch (error) {
      return {
        ...row,
        status: 'did not start',
        note: `did not start: ${(error as Error).message.split('\n')[0]}`,
      };
    }
    const control = controlSocketPath(network.dir);
    const perfdhcp = async (rate: number, seconds = settings.stepSeconds) => {
      await settle(control);
      const argv = perfdhcpArgv({
        iface: CLIENT_IF,
        leaseType,
        rate,
        clients: settings.clients,
        seconds,
      });
      const { output } = await network.run(cli, 'perfdhcp', argv, (seconds + 30) * 1000);
      return parsePerfdhcpOutput(output);
    };
    if (settings.cpuRate > 0) {
      // CPU per exchange at a fixed offered rate: user + system time the server process spent
      // over one step, after a short warm-up (what counts is the steady state, not a JIT
      // compiler's first seconds). An exchange is one ADVERTISE and one REPLY as the server
      // counts them, not the 4-way exchanges perfdhcp completed: on a busy machine perfdhcp
      // itself falls behind, counts answers it was too late for as drops and sends fewer
      // REQUESTs, while the server's work on what it answered is the same.
      try {
        await perfdhcp(settings.cpuRate, WARM_UP_SECONDS);
        await settle(control);
        const answersBefore = await answersSent(control);
        const before = processCpuMs(serverProcess.pid);
        const report = await perfdhcp(settings.cpuRate);
        const after = processCpuMs(serverProcess.pid);
        const exchanges = ((await answersSent(control)) - answersBefore) / 2;
        const systemMs = after.systemMs - before.systemMs;
        const cpuMs = after.userMs - before.userMs + systemMs;
        const cpu = {
          offered: settings.cpuRate,
          exchanges,
          cpuMs,
          systemMs,
          usPerExchange: exchanges > 0 ? (cpuMs * 1000) / exchanges : 0,
          dropsPct: dropsPercent(report),
        };
        row.cpu = cpu;
        progress(
          `  ${server.label} ${leaseType}: at ${settings.cpuRate}/s, ${exchanges} exchanges used ${Math.round(cpuMs)} ms CPU, ${Math.round(systemMs)} ms of it system (${cpu.usPerExchange.toFixed(1)} us each, ${cpu.dropsPct.toFixed(2)}% drops)`,
        );
      } catch (error) {
        // No CPU figure (no control socket, say); the rate search still runs.
        progress(`  ${server.label} ${leaseType}: no CPU figure: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (!settings.search) {
      row.serverAlive = serverProcess.running;
      return row;
    }
    const runStep = async (rate: number): Promise<StepResult> => {
      const report = await perfdhcp(rate);
      const step = {
        offered: rate,
        achieved: report.rate,
        dropsPct: dropsPercent(report),
        noAnswers: noAnswers(report),
      };
      progress(
        `  ${server.label} ${leaseType}: offered ${rate}/s -> ${step.achieved}/s, ${step.dropsPct.toFixed(2)}% drops${step.noAnswers ? ' (no answers)' : ''}`,
      );
      return step;
    };
    const result = await findHighestRate(runStep, {
      startRate: settings.startRate,
      maxRate: settings.maxRate,
      bisectSteps: settings.bisectSteps,
      retries: settings.retries,
    });
    row.steps = result.steps;
    row.serverAlive = serverProcess.running;
    if (result.noAnswers) return { ...row, status: 'no answers', note: 'no answers' };
    return {
      ...row,
      exchangesPerSecond: result.best,
      dropsPct: result.bestDropsPct,
      offered: result.bestOffered,
    };
  } catch (error) {
    return { ...row, status: 'failed', note: `bench failed: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    await network.destroy().catch((error) => progress(`  teardown: ${(error as Error).message}`));
    liveNetworks.delete(network);
  }
}
