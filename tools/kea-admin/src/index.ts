/** @nestor/kea-admin: see package.json for its purpose. */
export const packageName = '@nestor/kea-admin';
