// Module state: a reload evaluates the module again, so the count starts over.
let loads = 0;
export const version = () => 20200;
export function load(handle) {
  loads += 1;
  handle.registerCommandHandler('counter-loads', () => ({ result: 0, text: String(loads) }));
}
