/** @nestor/lfc: see package.json for its purpose. */
export const packageName = '@nestor/lfc';
