/**
 * A small LALR(1) table builder that makes the decisions Bison makes, so that a parser driven
 * by its tables accepts exactly what Kea's Bison parser accepts, detects errors at the same
 * token and reports the same "expecting ..." lists:
 *
 * - LR(0) states, then LALR(1) lookaheads by propagation to a fixpoint;
 * - shift/reduce conflicts settled by precedence and associativity (a rule takes the
 *   precedence of its last terminal), shift when either side has none, the earlier rule on
 *   reduce/reduce;
 * - default reductions as Bison's `lr.default-reduction=most`: the reduction with the most
 *   lookahead tokens becomes the state's default and its explicit entries are dropped; a state
 *   with no explicit entry left reduces without reading a lookahead token.
 *
 * Symbols are numbers: terminals first (0 = end of input), then nonterminals.
 */

export type Associativity = 'left' | 'right' | 'nonassoc' | 'precedence';

export interface GrammarRule {
  readonly lhs: number;
  readonly rhs: readonly number[];
}

export interface Grammar {
  readonly terminalCount: number;
  readonly symbolCount: number;
  /** Rule 0 must be the augmented start rule `$accept: start END`. */
  readonly rules: readonly GrammarRule[];
  /** Precedence level (higher binds tighter) and associativity of terminals that have one. */
  readonly precedence: ReadonlyMap<number, { level: number; assoc: Associativity }>;
}

/** One parser state's actions after conflict resolution and default reductions. */
export interface StateActions {
  /** Terminal -> target state (shift). */
  readonly shifts: ReadonlyMap<number, number>;
  /** Terminal -> rule (explicit, non-default reductions). */
  readonly reductions: ReadonlyMap<number, number>;
  /** Terminals that are a syntax error despite a default reduction (%nonassoc). */
  readonly errors: ReadonlySet<number>;
  /** Rule reduced on any other token, or -1 for "syntax error". */
  readonly defaultReduction: number;
  /** Terminals with an explicit action, ascending: what a syntax error here was "expecting". */
  readonly expected: readonly number[];
}

export interface ParseTables {
  readonly states: readonly StateActions[];
  /** gotos[state].get(nonterminal) -> state */
  readonly gotos: readonly ReadonlyMap<number, number>[];
  /** The state reached by shifting END after the start symbol: reaching it accepts. */
  readonly acceptState: number;
  /** Shift/reduce conflicts Bison would have resolved as "shift" without a precedence. */
  readonly unresolvedConflicts: number;
}

const DOT_BITS = 64;
const itemOf = (rule: number, dot: number) => rule * DOT_BITS + dot;
const ruleOf = (item: number) => Math.floor(item / DOT_BITS);
const dotOf = (item: number) => item % DOT_BITS;

interface LrState {
  readonly kernel: readonly number[];
  readonly transitions: Map<number, number>;
}

export function buildTables(grammar: Grammar): ParseTables {
  const { rules, terminalCount, symbolCount } = grammar;
  for (const rule of rules) {
    if (rule.rhs.length >= DOT_BITS) throw new Error('grammar rule too long for the item encoding');
  }
  const rulesOf: number[][] = Array.from({ length: symbolCount }, () => []);
  rules.forEach((rule, index) => {
    rulesOf[rule.lhs]!.push(index);
  });
  const isTerminal = (symbol: number) => symbol < terminalCount;
  const { nullable, first } = firstSets(grammar, rulesOf);

  const symbolAfterDot = (item: number): number | undefined => rules[ruleOf(item)]!.rhs[dotOf(item)];

  // LR(0) closure, items in ascending order (as Bison keeps its item sets).
  const closure = (kernel: readonly number[]): number[] => {
    const items = new Set(kernel);
    const work = [...kernel];
    while (work.length > 0) {
      const next = symbolAfterDot(work.pop()!);
      if (next === undefined || isTerminal(next)) continue;
      for (const rule of rulesOf[next]!) {
        const item = itemOf(rule, 0);
        if (!items.has(item)) {
          items.add(item);
          work.push(item);
        }
      }
    }
    return [...items].sort((a, b) => a - b);
  };

  // LR(0) automaton.
  const states: LrState[] = [];
  const stateByKernel = new Map<string, number>();
  const addState = (kernel: number[]): number => {
    const key = kernel.join(',');
    let index = stateByKernel.get(key);
    if (index === undefined) {
      index = states.length;
      states.push({ kernel, transitions: new Map() });
      stateByKernel.set(key, index);
    }
    return index;
  };
  addState([itemOf(0, 0)]);
  for (let s = 0; s < states.length; s++) {
    const advanced = new Map<number, number[]>();
    for (const item of closure(states[s]!.kernel)) {
      const symbol = symbolAfterDot(item);
      if (symbol === undefined) continue;
      const list = advanced.get(symbol) ?? [];
      advanced.set(symbol, list);
      list.push(item + 1);
    }
    for (const symbol of [...advanced.keys()].sort((a, b) => a - b)) {
      const kernel = advanced.get(symbol)!.sort((a, b) => a - b);
      states[s]!.transitions.set(symbol, addState(kernel));
    }
  }

  // LALR(1) lookaheads of kernel items, propagated along transitions until nothing changes.
  const kernelLookaheads = states.map(
    (state) => new Map(state.kernel.map((item) => [item, new Set<number>()])),
  );
  const closureWithLookaheads = (s: number): Map<number, Set<number>> => {
    const la = new Map<number, Set<number>>();
    for (const [item, set] of kernelLookaheads[s]!) la.set(item, new Set(set));
    const work = [...la.keys()];
    while (work.length > 0) {
      const item = work.pop()!;
      const rule = rules[ruleOf(item)]!;
      const dot = dotOf(item);
      const next = rule.rhs[dot];
      if (next === undefined || isTerminal(next)) continue;
      const follow = new Set<number>();
      let restNullable = true;
      for (const symbol of rule.rhs.slice(dot + 1)) {
        for (const t of first[symbol]!) follow.add(t);
        if (!nullable[symbol]) {
          restNullable = false;
          break;
        }
      }
      if (restNullable) for (const t of la.get(item)!) follow.add(t);
      for (const r of rulesOf[next]!) {
        const target = itemOf(r, 0);
        const fresh = !la.has(target);
        const set = la.get(target) ?? new Set<number>();
        la.set(target, set);
        const before = set.size;
        for (const t of follow) set.add(t);
        if (fresh || set.size > before) work.push(target);
      }
    }
    return la;
  };
  let dirty = new Set(states.keys());
  while (dirty.size > 0) {
    const nextDirty = new Set<number>();
    for (const s of [...dirty].sort((a, b) => a - b)) {
      for (const [item, set] of closureWithLookaheads(s)) {
        const symbol = symbolAfterDot(item);
        if (symbol === undefined) continue;
        const target = states[s]!.transitions.get(symbol)!;
        const targetSet = kernelLookaheads[target]!.get(item + 1)!;
        const before = targetSet.size;
        for (const t of set) targetSet.add(t);
        if (targetSet.size > before) nextDirty.add(target);
      }
    }
    dirty = nextDirty;
  }

  // Actions per state.
  let unresolvedConflicts = 0;
  let acceptState = -1;
  const ruleLevel = (rule: number) => {
    const rhs = rules[rule]!.rhs;
    for (let i = rhs.length - 1; i >= 0; i--) {
      if (isTerminal(rhs[i]!)) return grammar.precedence.get(rhs[i]!);
    }
    return undefined;
  };
  const tables: StateActions[] = [];
  const gotos: Map<number, number>[] = [];
  states.forEach((state, s) => {
    const shifts = new Map<number, number>();
    const goto = new Map<number, number>();
    for (const [symbol, target] of state.transitions) {
      if (isTerminal(symbol)) shifts.set(symbol, target);
      else goto.set(symbol, target);
    }
    if (shifts.has(0) && state.kernel.some((item) => ruleOf(item) === 0)) acceptState = shifts.get(0)!;
    // Reductions in item order (rule order), each with its lookahead set.
    const reducible = [...closureWithLookaheads(s)]
      .filter(([item]) => symbolAfterDot(item) === undefined && ruleOf(item) !== 0)
      .sort(([a], [b]) => a - b);
    const action = new Map<number, { shift?: number; reduce?: number; error?: true }>();
    for (const [t, target] of shifts) action.set(t, { shift: target });
    for (const [item, lookaheads] of reducible) {
      const rule = ruleOf(item);
      for (const t of [...lookaheads].sort((a, b) => a - b)) {
        const current = action.get(t);
        if (!current) {
          action.set(t, { reduce: rule });
        } else if (current.shift !== undefined) {
          const tokenPrec = grammar.precedence.get(t);
          const rulePrec = ruleLevel(rule);
          if (!tokenPrec || !rulePrec) {
            unresolvedConflicts++; // Bison shifts
          } else if (tokenPrec.level < rulePrec.level) {
            action.set(t, { reduce: rule });
          } else if (tokenPrec.level === rulePrec.level) {
            if (tokenPrec.assoc === 'left') action.set(t, { reduce: rule });
            else if (tokenPrec.assoc === 'nonassoc') action.set(t, { error: true });
            else if (tokenPrec.assoc === 'precedence') unresolvedConflicts++;
          }
        }
        // reduce/reduce: the earlier rule (already there) wins.
      }
    }
    let defaultReduction = -1;
    const reductionRules = [...new Set(reducible.map(([item]) => ruleOf(item)))];
    if (shifts.size === 0 && reductionRules.length === 1) {
      defaultReduction = reductionRules[0]!; // a consistent state
    } else {
      let most = 0;
      for (const rule of reductionRules) {
        let count = 0;
        for (const entry of action.values()) if (entry.reduce === rule) count++;
        if (count > most) {
          most = count;
          defaultReduction = rule;
        }
      }
    }
    const reductions = new Map<number, number>();
    const errors = new Set<number>();
    const expected: number[] = [];
    for (const t of [...action.keys()].sort((a, b) => a - b)) {
      const entry = action.get(t)!;
      if (entry.error) {
        // Without a default reduction an error entry is just the default; with one it stays
        // explicit, but Bison never lists it as expected.
        if (defaultReduction >= 0) errors.add(t);
        continue;
      }
      if (entry.reduce !== undefined) {
        if (entry.reduce === defaultReduction) continue;
        reductions.set(t, entry.reduce);
      }
      expected.push(t);
    }
    tables.push({ shifts, reductions, errors, defaultReduction, expected });
    gotos.push(goto);
  });
  if (acceptState < 0) throw new Error('grammar has no accepting state');
  return { states: tables, gotos, acceptState, unresolvedConflicts };
}

function firstSets(grammar: Grammar, rulesOf: number[][]): { nullable: boolean[]; first: Set<number>[] } {
  const { symbolCount, terminalCount, rules } = grammar;
  const nullable = Array.from({ length: symbolCount }, () => false);
  const first = Array.from({ length: symbolCount }, (_, symbol) =>
    symbol < terminalCount ? new Set([symbol]) : new Set<number>(),
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (let symbol = terminalCount; symbol < symbolCount; symbol++) {
      for (const r of rulesOf[symbol]!) {
        let allNullable = true;
        for (const part of rules[r]!.rhs) {
          const before = first[symbol]!.size;
          for (const t of first[part]!) first[symbol]!.add(t);
          if (first[symbol]!.size > before) changed = true;
          if (!nullable[part]) {
            allNullable = false;
            break;
          }
        }
        if (allNullable && !nullable[symbol]) {
          nullable[symbol] = true;
          changed = true;
        }
      }
    }
  }
  return { nullable, first };
}
