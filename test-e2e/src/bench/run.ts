import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NsProcess, startDhcp6Server, TestNetwork } from '@nestor/testkit';
import type { ServerUnderTest } from '../servers.js';
import { benchConfig } from './config.js';
import { dropsPercent, type LeaseType, noAnswers, parsePerfdhcpOutput, perfdhcpArgv } from './perfdhcp.js';
import type { BenchRow, BenchSettings } from './report.js';
import { findHighestRate, type StepResult } from './search.js';

const SERVER_IF = 'b-srv';
const CLIENT_IF = 'b-cli';

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
    const runStep = async (rate: number): Promise<StepResult> => {
      const argv = perfdhcpArgv({
        iface: CLIENT_IF,
        leaseType,
        rate,
        clients: settings.clients,
        seconds: settings.stepSeconds,
      });
      const { output } = await network.run(cli, 'perfdhcp', argv, (settings.stepSeconds + 30) * 1000);
      const report = parsePerfdhcpOutput(output);
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
