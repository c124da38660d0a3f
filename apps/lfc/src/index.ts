/** @nestor/lfc: the kea-lfc program (entry: dist/main.js). */
export { type CleanupRun, type LfcCommandLine, parseLfcCommandLine, USAGE } from './command-line.js';
export { type LfcOutput, runLfc } from './lfc.js';
