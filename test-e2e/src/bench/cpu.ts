import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (getconf CLK_TCK; 100 on Linux when that fails). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU time a process has used so far (user + system), in milliseconds, from /proc/<pid>/stat
 * fields 14 and 15. The command name (field 2) may hold spaces or parentheses, so the fields are
 * counted from the last ')'.
 */
export function processCpuMs(pid: number): CpuTimes {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return parseCpuMs(stat, clockTicks());
}

export interface CpuTimes {
  userMs: number;
  systemMs: number;
}

/** utime and stime of a /proc/<pid>/stat line, in milliseconds. */
export function parseCpuMs(stat: string, ticks: number): CpuTimes {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`unreadable /proc stat line: ${stat}`);
  return { userMs: (utime * 1000) / ticks, systemMs: (stime * 1000) / ticks };
}
