export { binDir, binPath, type Finished, RunningProgram, repoRoot, runToEnd } from './process.js';
