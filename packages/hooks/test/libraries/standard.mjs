// Callouts exported under hook point names are registered without a load().
export const version = () => 20200;
export function buffer6_send(handle) {
  handle.getArgument('response6').standard = true;
}
