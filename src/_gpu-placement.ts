/**
 * GPU placement rendered into pod fields, shared by every construct that writes a pod for GPUs
 * (the serving targets and LLMInferenceService). Internal.
 */
import { AffinityJson, NodeSelectorRequirementJson, TolerationJson } from './_k8s-json';
import { GpuNodeSelection, GpuOptions, GpuProvider, GpuType } from './gpu';
import { NodeToleration, renderTolerations } from './scheduling';

/** GPUs of one replica and where they are. */
export interface GpuPlacement {
  readonly count: number;
  /** Empty for any GPU type. */
  readonly types: GpuType[];
  /** The user's, or the target's default for these types. */
  readonly nodeSelection: GpuNodeSelection;
  /** Whether the user chose the node selection. */
  readonly nodeSelectionGiven: boolean;
  readonly provider: GpuProvider;
  readonly regions: string[];
  readonly tolerations: NodeToleration[];
}

/**
 * The node selection that needs the fewest cluster feature flags: none without types, required
 * affinity otherwise (several types and regions fit one term; Knative needs one flag for it, as
 * for a node selector).
 */
export function defaultGpuNodeSelection(types: GpuType[]): GpuNodeSelection {
  return types.length === 0 ? GpuNodeSelection.NONE : GpuNodeSelection.REQUIRED_AFFINITY;
}

/** GPU types and regions as required or preferred node affinity. */
export function gpuAffinity(gpu: GpuPlacement | undefined): AffinityJson | undefined {
  const selection = gpu?.nodeSelection;
  if (!gpu || (selection !== GpuNodeSelection.REQUIRED_AFFINITY && selection !== GpuNodeSelection.PREFERRED_AFFINITY)) return undefined;
  const provider = gpu.provider;
  const matchExpressions: NodeSelectorRequirementJson[] = [
    { key: provider.labelKey, operator: 'In', values: gpu.types.map((t) => provider.labelValueOf(t)!) },
  ];
  if (gpu.regions.length > 0) matchExpressions.push({ key: provider.regionLabel, operator: 'In', values: [...gpu.regions] });
  return selection === GpuNodeSelection.REQUIRED_AFFINITY
    ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } }
    : { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions } }] } };
}

/** One GPU type (and region) as a node selector. */
export function gpuNodeSelector(gpu: GpuPlacement | undefined): Record<string, string> | undefined {
  if (!gpu || gpu.nodeSelection !== GpuNodeSelection.NODE_SELECTOR) return undefined;
  const selector: Record<string, string> = { [gpu.provider.labelKey]: gpu.provider.labelValueOf(gpu.types[0])! };
  if (gpu.regions.length > 0) selector[gpu.provider.regionLabel] = gpu.regions[0];
  return selector;
}

export function gpuTolerations(gpu: GpuPlacement | undefined): TolerationJson[] | undefined {
  const tolerations = gpu?.tolerations;
  return tolerations && tolerations.length > 0 ? renderTolerations(tolerations) : undefined;
}

/**
 * The transformer's GPUs on its own pods: node affinity or none, never the accelerator annotation,
 * which belongs to the InferenceService.
 */
export function transformerPlacement(gpu: GpuOptions, count: number): GpuPlacement {
  const types = gpu.types ?? [];
  return {
    count,
    types,
    nodeSelection: gpu.nodeSelection ?? (types.length === 0 ? GpuNodeSelection.NONE : GpuNodeSelection.REQUIRED_AFFINITY),
    nodeSelectionGiven: gpu.nodeSelection !== undefined,
    provider: gpu.provider ?? GpuProvider.GPU_FEATURE_DISCOVERY,
    regions: gpu.regions ?? [],
    tolerations: gpu.tolerations ?? [],
  };
}
