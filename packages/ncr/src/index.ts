/** @nestor/ncr: see package.json for its purpose. */
export const packageName = '@nestor/ncr';
