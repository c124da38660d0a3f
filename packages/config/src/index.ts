/** @nestor/config: see package.json for its purpose. */
export const packageName = '@nestor/config';
