// A test library: records what it sees in globalThis.__hookEvents, sets the next step its
// parameters ask for, registers a command, and keeps a per-packet context.
function record(event) {
  if (!globalThis.__hookEvents) globalThis.__hookEvents = [];
  globalThis.__hookEvents.push(event);
}
let tag = 'recorder';

export function version() {
  return 20200;
}

export function load(handle) {
  tag = handle.getParameter('tag') ?? 'recorder';
  record(`${tag}:load:${JSON.stringify(handle.getParameters())}`);
  handle.registerCallout('pkt6_receive', (h) => {
    record(`${tag}:pkt6_receive:${h.getArgument('query6').id}`);
    h.setContext('seen', h.getArgument('query6').id);
    const next = handle.getParameter('next');
    if (next === 'skip') h.setStatus(h.NEXT_STEP_SKIP);
    if (next === 'drop') h.setStatus(h.NEXT_STEP_DROP);
  });
  handle.registerCallout('pkt6_send', async (h) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    record(`${tag}:pkt6_send:context=${h.getContext('seen')}`);
    h.getArgument('response6').touchedBy = tag;
  });
  handle.registerCommandHandler(`${tag}-hello`, (args) => ({
    result: 0,
    text: `hello from ${tag}`,
    arguments: args ?? {},
  }));
  return 0;
}

export function unload() {
  record(`${tag}:unload`);
  return 0;
}
