/**
 * The classification of one packet, advanced by the server at the points of its pipeline
 * where Kea 2.2 advances it (see README.md, "Wiring it into a server"):
 *
 *   classify()                 on reception: ALL, VENDOR_CLASS_<data>, pass 1
 *   dropped                    checked after pkt6_receive, and after the host lookup
 *   applyReservedClasses(...)  a reservation's classes that may change pool selection:
 *                              tested classes are removed, the reserved ones added, pass 1
 *                              runs again (Kea: removeDependentEvaluatedClasses +
 *                              setReservedClientClasses + evaluateClasses)
 *   hostLookupDone(known)      KNOWN or UNKNOWN, then pass 2
 *   addReservedClasses(...)    a reservation's classes without re-evaluation (Kea's
 *                              conditionallySetReservedClientClasses, shared networks)
 *   evaluateRequired(names)    the required classes, in Kea's order
 */
import { EvalContext, type EvalPacket } from '../runtime/packet.js';
import { DROP_CLASS } from './builtin.js';
import type { ClassificationObserver, ClassPasses } from './classification-types.js';
import { ClientClasses } from './client-classes.js';
import { vendorClassName } from './vendor-class.js';

export class PacketClassification {
  /** The packet's classes so far, in the order they were assigned. */
  readonly classes: ClientClasses;
  /** The evaluation context of the packet, shared by every test run on it. */
  readonly context: EvalContext;
  private readonly classifier: ClassPasses;
  private readonly observer: ClassificationObserver | undefined;

  constructor(
    classifier: ClassPasses,
    packet: EvalPacket,
    observer: ClassificationObserver | undefined,
    initial: Iterable<string>,
  ) {
    this.classifier = classifier;
    this.observer = observer;
    this.classes = new ClientClasses(initial);
    this.context = new EvalContext(packet, this.classes);
    this.classes.add('ALL');
    const vendorClass = vendorClassName(this.context);
    if (vendorClass !== undefined) this.classes.add(vendorClass);
    classifier.runPass(false, this.context, this.classes, observer);
  }

  /** Whether the packet belongs to DROP: the server then drops it (pkt6-receive-drop). */
  get dropped(): boolean {
    return this.classes.has(DROP_CLASS);
  }

  has(name: string): boolean {
    return this.classes.has(name);
  }

  /** Adds a class assigned outside expressions (hook libraries). */
  add(name: string): void {
    this.classes.add(name);
  }

  /**
   * A host reservation's classes, applied where Kea lets them influence subnet and pool
   * selection (a global reservation, or one in a subnet outside any shared network; with
   * early-global-reservations-lookup, the global one right after classify()): every class
   * that has a test is removed, the reserved classes are added and pass 1 runs again, so that
   * a test such as "not member('reserved')" sees the reservation.
   */
  applyReservedClasses(reserved: Iterable<string>): void {
    for (const entry of this.classifier.classes) if (entry.test) this.classes.delete(entry.name);
    for (const name of reserved) this.classes.add(name);
    this.classifier.runPass(false, this.context, this.classes, this.observer);
  }

  /**
   * A reservation's classes added without re-evaluating anything: what Kea does in the
   * message handlers when the subnet belongs to a shared network and the reservation is not
   * global, just before evaluateRequired().
   */
  addReservedClasses(reserved: Iterable<string>): void {
    for (const name of reserved) this.classes.add(name);
  }

  /**
   * After the host reservation lookup: KNOWN if a reservation was found, else UNKNOWN; then
   * the classes that depend on them. With early-global-reservations-lookup Kea calls this
   * twice for a client with a global reservation (once early, once after subnet selection).
   */
  hostLookupDone(known: boolean): void {
    this.classes.add(known ? 'KNOWN' : 'UNKNOWN');
    this.classifier.runPass(true, this.context, this.classes, this.observer);
  }

  /**
   * The required classes, in Kea's order: those a hook required, then the shared network's,
   * the subnet's and the pools' require-client-classes (pools of the leases handed out).
   * A class listed twice is evaluated once; a class not defined or without a test is reported
   * to the observer and skipped. A class that is not only-if-required may be listed too: it
   * is evaluated again, which can only add it.
   */
  evaluateRequired(names: Iterable<string>): void {
    this.classifier.runRequired(names, this.context, this.classes, this.observer);
  }
}
