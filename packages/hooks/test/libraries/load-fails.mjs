export const version = () => 20200;
export function load(handle) {
  return handle.getParameter('code') ?? 1;
}
