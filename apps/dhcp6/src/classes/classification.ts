import type { Dhcp6CheckProblem, Dhcp6Config, JsonObject } from '@nestor/config';
import type { Logger } from '@nestor/daemon';
import {
  type ClassificationObserver,
  type ClientClassifier,
  compileClientClasses,
  isExpressionError,
  optionDefinitionsFrom,
  type PacketClassification,
} from '@nestor/eval';
import type { Query } from '../query.js';
import { hasClassGuards } from './class-guards.js';

/** Kea's debug levels: DBG_DHCP6_BASIC and DBG_DHCP6_DETAIL. */
const DBG_BASIC = 40;
const DBG_DETAIL = 50;

/**
 * The configuration's `client-classes` compiled once (tests parsed into closures). Throws an
 * ExpressionError with Kea's message when Kea would refuse the list.
 */
export function compileClassifier(config: Dhcp6Config): ClientClassifier {
  return compileClientClasses(config.clientClasses, {
    optionDefinitions: optionDefinitionsFrom(config.optionDefs),
  });
}

/**
 * The check @nestor/config runs on every Dhcp6 configuration it parses (registered in
 * config.ts): a class list Kea refuses is refused as a whole, with Kea's message, at start-up,
 * -t, SIGHUP, config-reload, config-set and config-test alike.
 */
export function clientClassCheck(model: Dhcp6Config, section: JsonObject): Dhcp6CheckProblem[] {
  if (model.clientClasses.length === 0) return [];
  try {
    compileClassifier(model);
    return [];
  } catch (error) {
    if (!isExpressionError(error)) {
      // A broken option-def is reported by the parser itself; nothing more to say here.
      return [];
    }
    const className = error.className ?? '';
    // The model drops duplicated names (already reported), so find the entry as written.
    const written = (section['client-classes'] as JsonObject[] | undefined) ?? [];
    const at = written.findIndex((raw) => raw.name === className);
    const index = at >= 0 ? at : (error.index ?? 0);
    const field = error.kind === 'CLASS_TEST_INVALID' ? 'test' : 'name';
    return [{ path: ['client-classes', index, field], message: error.message }];
  }
}

/**
 * Whether classes can change anything a server does with this configuration: classes are
 * defined, or some scope is guarded by a class (a built-in one such as KNOWN or
 * VENDOR_CLASS_... needs no definition). When not, packets are not classified at all, and the
 * packet path costs what it cost before classification existed.
 */
export function classificationInUse(config: Dhcp6Config): boolean {
  return config.clientClasses.length > 0 || hasClassGuards(config);
}

/**
 * The classify stage of the packet path (Kea's classifyPacket, before pkt6_receive): built-in
 * classes and the first pass of class tests, with evaluation results and failures logged as
 * Kea logs them (EVAL_RESULT).
 */
export class PacketClassifier {
  readonly active: boolean;
  private readonly classifier: ClientClassifier | undefined;
  /** Failures only: always logged, and nothing to do for an evaluation that succeeds. */
  private readonly quiet: ClassificationObserver;
  /** What Kea 2.2 logs with INFO enabled: each match (INFO), misses and required-class notes (DEBUG). */
  private readonly verbose: ClassificationObserver;

  constructor(
    config: Dhcp6Config,
    private readonly log: Logger,
  ) {
    this.active = classificationInUse(config);
    this.classifier = this.active ? compileClassifier(config) : undefined;
    this.quiet = {
      failure: (name, message) => log.error('EVAL_RESULT', `Expression ${name} evaluated to ${message}`),
    };
    this.verbose = {
      ...this.quiet,
      result: (name, matched) => {
        if (matched) log.info('EVAL_RESULT', `Expression ${name} evaluated to true`);
        else log.debug(DBG_DETAIL, 'EVAL_RESULT', `Expression ${name} evaluated to false`);
      },
      undefinedClass: (name) =>
        log.debug(DBG_BASIC, 'DHCP6_CLASS_UNDEFINED', `required class ${name} has no definition`),
      untestable: (name) =>
        log.debug(DBG_BASIC, 'DHCP6_CLASS_UNTESTABLE', `required class ${name} has no test expression`),
    };
  }

  /** Classifies a received query; undefined when classification is not in use. */
  classify(query: Query): PacketClassification | undefined {
    if (!this.classifier) return undefined;
    const { datagram } = query;
    return this.classifier.classify(
      {
        message: query.message,
        relays: query.relays,
        iface: datagram.interfaceName,
        remoteAddress: datagram.remoteAddress,
        localAddress: datagram.localAddress,
      },
      { observer: this.log.isEnabled('INFO') ? this.verbose : this.quiet },
    );
  }
}
