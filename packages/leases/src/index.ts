/** @nestor/leases: see package.json for its purpose. */
export const packageName = '@nestor/leases';
