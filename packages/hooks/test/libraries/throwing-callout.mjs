export const version = () => 20200;
export function load(handle) {
  handle.registerCallout('pkt6_receive', () => {
    throw new Error('callout bug');
  });
}
