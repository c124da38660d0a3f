/** @nestor/codec: see package.json for its purpose. */
export const packageName = '@nestor/codec';
