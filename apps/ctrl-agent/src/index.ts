/** @nestor/ctrl-agent: see package.json for its purpose. */
export const packageName = '@nestor/ctrl-agent';
