/**
 * Properties over random expressions of the whole grammar and random packets (well-formed,
 * damaged, and option objects that fit no definition):
 * - evaluation never throws: a runtime error is a result, and a class test that fails is no
 *   match, as in Kea;
 * - the compiled closures (folding, short-circuits, in-place comparisons, flattened chains)
 *   give exactly what a naive evaluate-every-operand interpreter gives;
 * - classifying a packet through every step never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoolNode, StringNode } from '../src/ast.js';
import { compileClientClasses, compileExpression, EvalContext, parseExpression } from '../src/index.js';
import { expressions, packets } from './helpers/arbitraries.js';
import { customDefinitions } from './helpers/packets.js';
import { ReferenceEvaluator } from './helpers/reference-evaluator.js';

const definitions = customDefinitions();
const reference = new ReferenceEvaluator(definitions);
const classes = new Set(['ALL', 'gold']);

describe('evaluation', () => {
  it('never throws, and agrees with a naive evaluator, for class tests', () => {
    fc.assert(
      fc.property(expressions.bool, packets, (text, packet) => {
        const compiled = compileExpression(text, { optionDefinitions: definitions });
        const context = new EvalContext(packet, classes);
        const result = compiled.evaluate(context);
        const expected = reference.bool(
          parseExpression(text, { optionDefinitions: definitions }).tree as BoolNode,
          context,
        );
        expect(result.ok).toBe(expected.ok);
        if (result.ok && expected.ok) expect(result.value).toBe(expected.value);
        expect(compiled.matches(context)).toBe(result.ok && result.value);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws, and agrees with a naive evaluator, for string expressions', () => {
    fc.assert(
      fc.property(expressions.string, packets, (text, packet) => {
        const compiled = compileExpression(text, { type: 'string', optionDefinitions: definitions });
        const context = new EvalContext(packet, classes);
        const result = compiled.evaluate(context);
        const tree = parseExpression(text, { type: 'string', optionDefinitions: definitions })
          .tree as StringNode;
        const expected = reference.string(tree, context);
        expect(result.ok).toBe(expected.ok);
        if (result.ok && expected.ok) expect(result.value).toBe(expected.value);
      }),
      { numRuns: 400 },
    );
  });
});

describe('classification', () => {
  it('never throws through every step, whatever the tests and the packet', () => {
    fc.assert(
      fc.property(
        fc.array(expressions.bool, { minLength: 1, maxLength: 6 }),
        fc.array(packets, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (tests, sample, known) => {
          const classifier = compileClientClasses(
            [
              { name: 'gold' },
              ...tests.map((test, i) => ({ name: `c${i}`, test, onlyIfRequired: i % 3 === 2 })),
            ],
            { optionDefinitions: definitions },
          );
          for (const packet of sample) {
            const result = classifier.classify(packet);
            result.applyReservedClasses(['gold']);
            result.hostLookupDone(known);
            result.addReservedClasses(['gold']);
            result.evaluateRequired(tests.map((_, i) => `c${i}`));
            expect(result.has('ALL')).toBe(true);
            expect(result.has(known ? 'KNOWN' : 'UNKNOWN')).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
