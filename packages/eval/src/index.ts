/** @nestor/eval: see package.json for its purpose. */
export const packageName = '@nestor/eval';
