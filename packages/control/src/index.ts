/** @nestor/control: see package.json for its purpose. */
export const packageName = '@nestor/control';
