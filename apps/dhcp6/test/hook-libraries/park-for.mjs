// A test hook library: parks every packet at leases6_committed for `ms` milliseconds (its
// parameter), as a library waiting on an outside answer would.
export function version() {
  return 20200;
}

export function load(handle) {
  const ms = handle.getParameter('ms') ?? 1000;
  handle.registerCallout('leases6_committed', (h) => {
    const ticket = h.park();
    setTimeout(() => ticket.unpark(), ms);
  });
  return 0;
}
