/** @nestor/d2: see package.json for its purpose. */
export const packageName = '@nestor/d2';
