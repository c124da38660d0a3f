// Namespaces made by these tests carry this run's id; any left at the end fails the run.
export { namespaceRunSetup as default } from '@nestor/testkit';
