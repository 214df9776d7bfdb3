import { addProblem, checkInteger, checkNumber, checkProps, throwIfAny } from './_checks';
import { HOURS_PER_MONTH } from './_constants';
import { Problems } from '../_errors';

/** A monthly GPU budget and what it is checked against. */
export interface GpuBudgetProps {
  /** What the budget is for, in messages: a service's path or the app's name. */
  readonly subject: string;
  /**
   * Most replicas; 0 means unlimited, which no budget can cover.
   * @default 0 - unlimited
   */
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

/** One service's share of an app-wide GPU budget. */
export interface GpuServiceSpend {
  /** The service, in messages: its path. */
  readonly subject: string;
  /**
   * Most replicas; 0 means unlimited.
   * @default 0 - unlimited
   */
  readonly maxReplicas?: number;
  /** GPUs each replica holds. */
  readonly gpusPerReplica: number;
  /** Price of one of its GPUs for an hour. */
  readonly pricePerGpuHour: number;
}

/** A monthly GPU budget for a whole app: the worst cases of its services add up. */
export interface AppGpuBudgetProps {
  /** The app, in messages. */
  readonly subject: string;
  /** The app's GPU services. */
  readonly services: GpuServiceSpend[];
  /** Most the app's GPUs may cost in a month. */
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
    const perReplica = props.gpusPerReplica * props.pricePerGpuHour * budget.hours;
    // Unlimited replicas cost without bound, unless they cost nothing.
    return replicas === 0 ? (perReplica === 0 ? 0 : Infinity) : replicas * perReplica;
  }

  /**
   * The problems that fail synth: no maxReplicas under a budget, or a worst case over the budget.
   * Empty when the budget holds. The messages show every number and a fix.
   */
  public static budgetProblems(props: GpuBudgetProps): string[] {
    const { hours } = GpuSpend.checked(props, 'GpuSpend.budgetProblems');
    const perReplica = props.gpusPerReplica * props.pricePerGpuHour * hours;
    // GPUs at no price (ones the team owns) cost nothing however many replicas run.
    if (perReplica === 0) return [];
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

  /**
   * The problems that fail synth for an app-wide budget: services without maxReplicas, or worst
   * cases that add up to more than the budget. Empty when the budget holds.
   */
  public static appBudgetProblems(props: AppGpuBudgetProps): string[] {
    const problems = new Problems();
    if (checkProps(problems, 'props', props)) {
      if (typeof props.subject !== 'string' || props.subject.length === 0) addProblem(problems, 'subject', props.subject, 'must be a non-empty text');
      if (!Array.isArray(props.services)) addProblem(problems, 'services', props.services, 'must be an array of GpuServiceSpend');
      else props.services.forEach((service, i) => checkService(problems, `services[${i}]`, service));
      checkNumber(problems, 'monthlyBudget', props.monthlyBudget, 0, 1e12);
      checkNumber(problems, 'hoursPerMonth', props.hoursPerMonth, 1, 744, true);
    }
    throwIfAny(problems, 'GpuSpend.appBudgetProblems');
    const hours = props.hoursPerMonth ?? HOURS_PER_MONTH;
    // A service at no price costs nothing however many replicas it runs.
    const priced = props.services.filter((service) => service.gpusPerReplica * service.pricePerGpuHour > 0);
    const unbounded = priced.filter((service) => (service.maxReplicas ?? 0) === 0).map((service) => `'${service.subject}'`);
    if (unbounded.length > 0) {
      return [`'${props.subject}' has a monthly GPU budget of ${money(props.monthlyBudget)} but ${unbounded.join(', ')} `
        + `${unbounded.length === 1 ? 'has' : 'have'} no maxReplicas: the worst case is unbounded. Set maxReplicas on each.`];
    }
    const parts = priced.map((service) => ({
      service, cost: service.maxReplicas! * service.gpusPerReplica * service.pricePerGpuHour * hours,
    }));
    const worst = parts.reduce((sum, part) => sum + part.cost, 0);
    if (worst <= props.monthlyBudget) return [];
    const terms = parts.map(({ service, cost }) => `'${service.subject}' ${service.maxReplicas} × ${service.gpusPerReplica} GPU(s) × `
      + `${money(service.pricePerGpuHour)}/GPU-hour = ${money(cost)}`);
    return [`'${props.subject}' can cost ${money(worst)} a month in the worst case (${terms.join('; ')}; × ${hours} h), over its budget of `
      + `${money(props.monthlyBudget)}. Lower the services' maxReplicas by ${money(worst - props.monthlyBudget)} a month in all, or raise the budget.`];
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

function checkService(problems: Problems, prefix: string, service: GpuServiceSpend): void {
  if (!checkProps(problems, prefix, service)) return;
  if (typeof service.subject !== 'string' || service.subject.length === 0) addProblem(problems, `${prefix}.subject`, service.subject, 'must be a non-empty text');
  checkInteger(problems, `${prefix}.maxReplicas`, service.maxReplicas, 0, 2 ** 31 - 1, true);
  checkInteger(problems, `${prefix}.gpusPerReplica`, service.gpusPerReplica, 1, 1024);
  checkNumber(problems, `${prefix}.pricePerGpuHour`, service.pricePerGpuHour, 0, 1e6);
}

/** 25813.6 → "25,813.60": two decimals, no currency sign (the price's currency is the user's). */
function money(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
