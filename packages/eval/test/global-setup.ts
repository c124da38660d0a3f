// Namespaces made by these tests carry this run's id; any left at the end fails the run.
import { namespaceGuard } from './helpers/run-guard.js';

export default namespaceGuard;
