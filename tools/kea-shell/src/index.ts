/** @nestor/kea-shell: see package.json for its purpose. */
export const packageName = '@nestor/kea-shell';
