/** @nestor/test-e2e: see package.json for its purpose. */
export const packageName = '@nestor/test-e2e';
