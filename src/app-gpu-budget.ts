import { Construct } from 'constructs';
import { Problems } from './_errors';
import { checkGpuBudgetTypes, checkGpuBudgetValues } from './_service-checks';
import { InferenceService } from './inference-service';
import { GpuBudget } from './inference-service-props';
import { GpuSpend } from './simulator/gpu-spend';

/**
 * A monthly GPU budget for every `InferenceService` of the app: synth fails when their worst case
 * together (each one's maxReplicas x GPUs per replica x price per GPU-hour x hours in a month)
 * exceeds it, with each service's share in the message. Every service with GPUs must set
 * maxReplicas. A service's own `gpuBudget` price wins over this one's.
 */
export class AppGpuBudget extends Construct {
  /** The budget. */
  public readonly budget: GpuBudget;

  constructor(scope: Construct, id: string, props: GpuBudget) {
    super(scope, id);
    props = checkGpuBudgetTypes(this, props);
    const problems = new Problems();
    checkGpuBudgetValues(problems, 'props', props ?? {});
    problems.throwIfAny(this, 'AppGpuBudget');
    this.budget = props;
    // Checked at synth, when every service of the app exists; once, though cdk8s's App validates once per chart.
    let found: string[] | undefined;
    this.node.addValidation({ validate: () => (found ??= this.problems()) });
  }

  private problems(): string[] {
    const services = this.node.root.node.findAll()
      .filter((c): c is InferenceService => c instanceof InferenceService)
      .flatMap((service) => {
        const pricePerGpuHour = service.gpuBudget?.pricePerGpuHour ?? this.budget.pricePerGpuHour;
        const shares = [];
        if (service.gpuCount > 0) {
          // A multi-node replica runs a head and workers, each with the GPUs of one pod.
          const gpusPerReplica = service.gpuCount * service.podsPerReplica;
          shares.push({ subject: service.node.path, maxReplicas: service.maxReplicas, gpusPerReplica, pricePerGpuHour });
        }
        if (service.transformerGpuCount > 0) {
          shares.push({
            subject: `${service.node.path}/transformer`, maxReplicas: service.transformerMaxReplicas, gpusPerReplica: service.transformerGpuCount, pricePerGpuHour,
          });
        }
        return shares;
      });
    return GpuSpend.appBudgetProblems({
      subject: this.node.path, services, monthlyBudget: this.budget.monthlyBudget, hoursPerMonth: this.budget.hoursPerMonth,
    });
  }
}
