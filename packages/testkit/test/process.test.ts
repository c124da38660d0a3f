import { describe, expect, it } from 'vitest';
import { RunningProgram, runToEnd } from '../src/process.js';

describe('process helpers', () => {
  it('runs a program to its end and collects its output and exit code', async () => {
    const result = await runToEnd(process.execPath, [
      '-e',
      'console.log("out"); console.error("err"); process.exit(3)',
    ]);
    expect(result).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('feeds `input` on stdin and closes it; without it stdin is empty', async () => {
    const echo = [
      '-e',
      'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log("[" + s + "]"))',
    ];
    expect((await runToEnd(process.execPath, echo, {}, 5_000, 'a\nb')).stdout).toBe('[a\nb]\n');
    expect((await runToEnd(process.execPath, echo)).stdout).toBe('[]\n');
    const deaf = await runToEnd(process.execPath, ['-e', 'process.exit(0)'], {}, 5_000, 'x'.repeat(1 << 20));
    expect(deaf.code).toBe(0);
  });

  it('kills a program that outlives its time limit', async () => {
    const result = await runToEnd(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {}, 200);
    expect(result.signal).toBe('SIGKILL');
  });

  it('waits for output and stops a background program by pid', async () => {
    const program = new RunningProgram(process.execPath, [
      '-e',
      'console.log("ready"); process.on("SIGTERM", () => { console.log("bye"); process.exit(0); }); setInterval(() => {}, 1000);',
    ]);
    await program.waitFor(/ready/);
    expect(program.running).toBe(true);
    const finished = await program.stop();
    expect(finished.code).toBe(0);
    expect(program.output).toBe('ready\nbye\n');
    await expect(program.waitFor(/never/, 100)).rejects.toThrow(/exited while waiting/);
  });
});
