export const version = () => 20200;
export function load(handle) {
  handle.registerCallout('pkt4_receive', () => {});
}
