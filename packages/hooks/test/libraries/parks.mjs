// Parks every packet at pkt6_send and lets it go (or drops it) after a while.
export const version = () => 20200;
export function load(handle) {
  handle.registerCallout('pkt6_send', (h) => {
    const ticket = h.park();
    const verdict = h.getArgument('response6').verdict;
    setTimeout(() => (verdict === 'drop' ? ticket.drop() : ticket.unpark()), 20);
  });
}
