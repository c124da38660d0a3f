/**
 * The search for the highest rate a server sustains: double the offered rate until a step
 * fails, then bisect between the last good and the first bad rate. A step passes with under
 * 1% drops and at least 97% of the offered rate achieved. On a shared machine one stall of the
 * server (or of perfdhcp) can sink a step that the server sustains; `retries` re-runs a failing
 * rate that many times before it counts as failed.
 */

export interface StepResult {
  offered: number;
  achieved: number;
  dropsPct: number;
  /** The server answered nothing during the step. */
  noAnswers: boolean;
}

export interface SearchOptions {
  startRate: number;
  /** Doubling stops here even if every step passes. */
  maxRate: number;
  /** Bisection steps after the first failure. */
  bisectSteps: number;
  /** Extra attempts at a rate whose step failed (default 0). */
  retries?: number;
  maxDropsPct?: number;
  minAchievedRatio?: number;
}

export interface SearchResult {
  /** Achieved exchanges/s at the highest passing step (0 if none passed). */
  best: number;
  /** Drops of that step, percent. */
  bestDropsPct: number;
  /** The step's offered rate. */
  bestOffered: number;
  steps: StepResult[];
  /** The server never answered: the search stopped at the first step. */
  noAnswers: boolean;
}

export function stepPasses(step: StepResult, options: SearchOptions): boolean {
  return (
    !step.noAnswers &&
    step.dropsPct < (options.maxDropsPct ?? 1) &&
    step.achieved >= (options.minAchievedRatio ?? 0.97) * step.offered
  );
}

export async function findHighestRate(
  runStep: (rate: number) => Promise<StepResult>,
  options: SearchOptions,
): Promise<SearchResult> {
  if (
    !(options.startRate >= 1 && options.maxRate >= options.startRate && options.bisectSteps >= 0) ||
    (options.retries ?? 0) < 0
  )
    throw new RangeError('search: need 1 <= startRate <= maxRate, bisectSteps >= 0 and retries >= 0');
  const steps: StepResult[] = [];
  let good: StepResult | undefined;
  let bad: number | undefined;
  const retries = options.retries ?? 0;
  // the step at `rate` that passed, or the last failing one
  const attempt = async (rate: number): Promise<StepResult> => {
    let step: StepResult | undefined;
    for (let i = 0; i <= retries; i++) {
      step = await runStep(rate);
      steps.push(step);
      if (stepPasses(step, options) || (step.noAnswers && good === undefined)) break;
    }
    return step!;
  };
  for (let rate = options.startRate; rate <= options.maxRate; rate *= 2) {
    const step = await attempt(rate);
    if (step.noAnswers && good === undefined)
      return { best: 0, bestDropsPct: 100, bestOffered: rate, steps, noAnswers: true };
    if (!stepPasses(step, options)) {
      bad = rate;
      break;
    }
    good = step;
  }
  if (bad !== undefined) {
    let low = good?.offered ?? 0;
    let high = bad;
    for (let i = 0; i < options.bisectSteps; i++) {
      const mid = Math.floor((low + high) / 2);
      if (mid <= low || mid < 1) break;
      const step = await attempt(mid);
      if (stepPasses(step, options)) {
        good = step;
        low = mid;
      } else high = mid;
    }
  }
  return {
    best: good?.achieved ?? 0,
    bestDropsPct: good?.dropsPct ?? 0,
    bestOffered: good?.offered ?? 0,
    steps,
    noAnswers: false,
  };
}
