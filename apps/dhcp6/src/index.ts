/** @nestor/dhcp6: see package.json for its purpose. */
export const packageName = '@nestor/dhcp6';
