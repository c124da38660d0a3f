/**
 * Class tests are compiled once per configuration, never per packet: compileClientClasses (the
 * only way @nestor/eval parses a class test) is counted while a server built on classes answers
 * many packets; a configuration without classes compiles nothing at all.
 */
import { MessageType } from '@nestor/codec';
import * as evalModule from '@nestor/eval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packetOf } from './support/class-packets.js';
import { duid } from './support/class-scenario.js';
import { TestServer } from './support/harness.js';

vi.mock('@nestor/eval', async (importOriginal) => {
  const original = await importOriginal<typeof import('@nestor/eval')>();
  return { ...original, compileClientClasses: vi.fn(original.compileClientClasses) };
});

const subnet = {
  id: 1,
  subnet: '2001:db8:1::/64',
  interface: 'eth0',
  pools: [{ pool: '2001:db8:1::/112', 'client-class': 'gold' }],
};
const section = (classes: object[]) => ({
  'interfaces-config': { interfaces: [] },
  'lease-database': { type: 'memfile', persist: false },
  'client-classes': classes,
  subnet6: [classes.length > 0 ? subnet : { ...subnet, pools: [{ pool: '2001:db8:1::/112' }] }],
});

let server: TestServer | undefined;
afterEach(async () => server?.close());

async function solicitMany(count: number): Promise<number> {
  let answered = 0;
  for (let n = 0; n < count; n++) {
    const bytes = packetOf({
      type: MessageType.SOLICIT,
      tid: n + 1,
      client: { duid: duid(n), userClass: 'gold' },
      iaNa: [{ iaid: 1 }],
    });
    if (await server!.send(bytes)) answered++;
  }
  return answered;
}

describe('class tests are compiled once per configuration', () => {
  it('a hundred packets against a dozen classes: one compilation, at build time', async () => {
    const compile = vi.mocked(evalModule.compileClientClasses);
    compile.mockClear();
    const classes = [
      { name: 'gold', test: "substring(option[15].hex,2,all) == 'gold'" },
      ...Array.from({ length: 11 }, (_, i) => ({
        name: `c${i}`,
        test: `option[${100 + i}].exists or member('gold')`,
      })),
    ];
    server = await TestServer.create(section(classes));
    expect(compile).toHaveBeenCalledTimes(1);
    expect(await solicitMany(100)).toBe(100);
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('without client classes nothing is compiled', async () => {
    const compile = vi.mocked(evalModule.compileClientClasses);
    compile.mockClear();
    server = await TestServer.create(section([]));
    expect(await solicitMany(10)).toBe(10);
    expect(compile).not.toHaveBeenCalled();
  });
});
