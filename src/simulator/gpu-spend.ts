import { addProblem, checkInteger, checkNumber, checkProps, throwIfAny } from './_checks';
import { HOURS_PER_MONTH } from './_constants';
import { Problems } from '../_errors';

/** A monthly GPU budget and what it is checked against. */
export interface GpuBudgetProps {
  /** What the budget is for, in messages: a service's path or the app's name. */
  readonly subject: string;
  /** Most replicas; undefined or 0 means unlimited, which no budget can cover. */
  readonly maxReplicas?: number;
  /** GPUs each replica holds. */
  readonly gpusPerReplica: number;
  /** Price of one GPU for an hour. */
  readonly pricePerGpuHour: number;
  /** Most the GPUs may cost in a month, in the price's currency. */
  readonly monthlyBudget: number;
  /**
   * Hours in a month.
   * @default 730 - 8,760 hours a year / 12, the month cloud price lists use
   */
  readonly hoursPerMonth?: number;
}

/** The worst-case monthly spend of GPUs, checked against a budget at synth time. */
export class GpuSpend {
  /** maxReplicas × gpusPerReplica × pricePerGpuHour × hoursPerMonth; Infinity when maxReplicas is unlimited. */
  public static worstCaseMonthly(props: GpuBudgetProps): number {
    const budget = GpuSpend.checked(props, 'GpuSpend.worstCaseMonthly');
    const replicas = props.maxReplicas ?? 0;
    return replicas === 0 ? Infinity : replicas * props.gpusPerReplica * props.pricePerGpuHour * budget.hours;
  }

  /**
   * The problems that fail synth: no maxReplicas under a budget, or a worst case over the budget.
   * Empty when the budget holds. The messages show every number and a fix.
   */
  public static budgetProblems(props: GpuBudgetProps): string[] {
    const { hours } = GpuSpend.checked(props, 'GpuSpend.budgetProblems');
    const perReplica = props.gpusPerReplica * props.pricePerGpuHour * hours;
    const affordable = Math.floor(props.monthlyBudget / perReplica);
    const fix = affordable >= 1
      ? `Set maxReplicas to at most ${affordable}, or raise the budget`
      : `Not even one replica fits (${money(perReplica)} a month): raise the budget or use fewer or cheaper GPUs`;
    const replicas = props.maxReplicas ?? 0;
    if (replicas === 0) {
      return [`'${props.subject}' has a monthly GPU budget of ${money(props.monthlyBudget)} but no maxReplicas: its worst case is unbounded. ${fix}.`];
    }
    const worst = replicas * perReplica;
    if (worst <= props.monthlyBudget) return [];
    return [
      `'${props.subject}' can cost ${money(worst)} a month in the worst case (${replicas} replicas × ${props.gpusPerReplica} GPU(s) × `
      + `${money(props.pricePerGpuHour)}/GPU-hour × ${hours} h), over its budget of ${money(props.monthlyBudget)}. ${fix}.`,
    ];
  }

  private static checked(props: GpuBudgetProps, what: string): { hours: number } {
    const problems = new Problems();
    if (checkProps(problems, 'props', props)) {
      if (typeof props.subject !== 'string' || props.subject.length === 0) addProblem(problems, 'subject', props.subject, 'must be a non-empty text');
      checkInteger(problems, 'maxReplicas', props.maxReplicas, 0, 2 ** 31 - 1, true);
      checkInteger(problems, 'gpusPerReplica', props.gpusPerReplica, 1, 1024);
      checkNumber(problems, 'pricePerGpuHour', props.pricePerGpuHour, 0, 1e6);
      checkNumber(problems, 'monthlyBudget', props.monthlyBudget, 0, 1e12);
      checkNumber(problems, 'hoursPerMonth', props.hoursPerMonth, 1, 744, true);
    }
    throwIfAny(problems, what);
    return { hours: props.hoursPerMonth ?? HOURS_PER_MONTH };
  }
}

/** 25813.6 → "25,813.60": two decimals, no currency sign (the price's currency is the user's). */
function money(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
