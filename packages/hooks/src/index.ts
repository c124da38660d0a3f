/**
 * @nestor/hooks: hook libraries in JavaScript at Kea's hook points. A library is an ES module
 * exporting version() (HOOKS_VERSION), load(handle) and unload(), as Kea's C++ libraries do;
 * its callouts get a CalloutHandle with the hook point's arguments and set the next step.
 */
export { CalloutHandle, NextStep, NoSuchArgumentError, type ParkingTicket } from './callout-handle.js';
export {
  type ConfigSection,
  checkLibraries,
  type LibraryCheck,
  libraryBaseDir,
  libraryProblems,
  librarySpecs,
  noHooks,
} from './configured.js';
export { isSharedObject, type KeaLibraryVerdict, keaLibraryVerdict } from './kea-libraries.js';
export {
  type Callout,
  HOOKS_VERSION,
  type HookLibraryModule,
  type HookLogger,
  type JsonObject,
  type LibraryHandle,
  type LibrarySpec,
} from './library.js';
export {
  type BuiltinLibrary,
  type CommandSink,
  HookLibraryError,
  type HookLibraryProblem,
  HooksManager,
  type HooksManagerOptions,
  type PreparedLibrary,
} from './manager.js';
