import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { installPrefix, type Logger, LongTimer } from '@nestor/daemon';
import type { MemfileLeaseStore } from '@nestor/leases';

/** The cleaner to start: KEA_LFC_EXECUTABLE when set (as Kea honours it), else Nestor's own. */
export function lfcExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEA_LFC_EXECUTABLE || join(installPrefix, 'bin', 'kea-lfc');
}

/**
 * The lease file cleanup cycle: every lfc-interval seconds the current lease file is moved to
 * `.1` and a fresh one opened, then kea-lfc merges the previous files in a separate process.
 */
export class LeaseFileCleanup {
  private timer: LongTimer | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: MemfileLeaseStore,
    private readonly configFile: string,
    private readonly log: Logger,
  ) {}

  start(intervalSeconds: number): void {
    this.stop();
    if (intervalSeconds <= 0) return;
    // lfc-interval may be up to 2^32-1 s: a plain setInterval would run the cleaner every ms.
    this.timer = new LongTimer(() => void this.runOnce(), intervalSeconds * 1000, true).unref();
  }

  stop(): void {
    this.timer?.clear();
    this.timer = undefined;
  }

  /** One cycle (also what the lfc timer runs); resolves when the cleaner was started, or was not needed. */
  runOnce(): Promise<void> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async cycle(): Promise<void> {
    try {
      const rotation = await this.store.rotateForCleanup();
      if (!rotation.spawnCleanup) return;
      const executable = lfcExecutable();
      const args = this.store.cleanupArguments(this.configFile);
      this.log.info(
        'DHCPSRV_MEMFILE_LFC_EXECUTE',
        `executing lease file cleanup: ${executable} ${args.join(' ')}`,
      );
      const child = spawn(executable, args, { stdio: 'ignore', detached: true });
      child.on('error', (err) =>
        this.log.error(
          'DHCPSRV_MEMFILE_LFC_SPAWN_FAIL',
          `lease file cleanup failed to start: ${err.message}`,
        ),
      );
      child.on('exit', (code) => {
        if (code !== 0)
          this.log.warn('DHCPSRV_MEMFILE_LFC_EXIT', `lease file cleanup exited with status ${code}`);
      });
      child.unref();
    } catch (err) {
      this.log.error(
        'DHCPSRV_MEMFILE_LFC_FAIL',
        `lease file cleanup could not start: ${(err as Error).message}`,
      );
    }
  }
}
