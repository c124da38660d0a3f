/** @nestor/keactrl: see package.json for its purpose. */
export const packageName = '@nestor/keactrl';
