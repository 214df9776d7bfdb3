import { Size } from 'cdk8s';
import { NVIDIA_GPU_RESOURCE } from './_gpu-resources';
import { isQualifiedKey } from './_metadata-checks';
import { checkArguments, SIZE, struct } from './_public-types';
import { NodeToleration } from './scheduling';


/** Node labels for one GPU type, per provider. A type may be unknown to some providers. */
export interface GpuTypeProps {
  /** A readable name, used in messages (for example `NVIDIA A100 80GB SXM`). */
  readonly name: string;
  /** Memory of one GPU. Used to check that a model fits. */
  readonly memory: Size;
  /**
   * CoreWeave `gpu.nvidia.com/class` value.
   * @default - not offered on CoreWeave
   */
  readonly coreweaveClass?: string;
  /**
   * GKE `cloud.google.com/gke-accelerator` value.
   * @default - not offered on GKE
   */
  readonly gkeAccelerator?: string;
  /**
   * NVIDIA GPU feature discovery `nvidia.com/gpu.product` value.
   * @default - unknown to GPU feature discovery
   */
  readonly gpuProduct?: string;
  /**
   * Value of the node label of a custom provider (`GpuProvider.nodeLabel(key)`).
   * @default - the GPU feature discovery product name
   */
  readonly customLabelValue?: string;
  /**
   * The extended resource a pod requests, as the device plugin advertises it.
   * @default 'nvidia.com/gpu' - NVIDIA's device plugin
   */
  readonly resourceName?: string;
}

/**
 * A GPU model and the extended resource that requests it. The catalogue holds the data-centre
 * GPUs most used for inference; `GpuType.custom()` adds any other, `withMigProfile()` a MIG
 * slice. Each provider owns the node-label values that select a catalogue type
 * (`GpuProvider.labelValueOf`).
 */
export class GpuType {
  /** NVIDIA H200 141GB (SXM). */
  public static readonly H200_141GB = new GpuType('H200_141GB', { name: 'NVIDIA H200 141GB', memory: Size.gibibytes(141) });
  /** NVIDIA H100 80GB SXM (HBM3, NVLink). */
  public static readonly H100_80GB_SXM = new GpuType('H100_80GB_SXM', { name: 'NVIDIA H100 80GB SXM', memory: Size.gibibytes(80) });
  /** NVIDIA H100 80GB PCIe. */
  public static readonly H100_80GB_PCIE = new GpuType('H100_80GB_PCIE', { name: 'NVIDIA H100 80GB PCIe', memory: Size.gibibytes(80) });
  /** NVIDIA A100 80GB SXM (NVLink). */
  public static readonly A100_80GB_SXM = new GpuType('A100_80GB_SXM', { name: 'NVIDIA A100 80GB SXM', memory: Size.gibibytes(80) });
  /** NVIDIA A100 80GB PCIe. */
  public static readonly A100_80GB_PCIE = new GpuType('A100_80GB_PCIE', { name: 'NVIDIA A100 80GB PCIe', memory: Size.gibibytes(80) });
  /** NVIDIA A100 40GB SXM (NVLink). */
  public static readonly A100_40GB_SXM = new GpuType('A100_40GB_SXM', { name: 'NVIDIA A100 40GB SXM', memory: Size.gibibytes(40) });
  /** NVIDIA A100 40GB PCIe. */
  public static readonly A100_40GB_PCIE = new GpuType('A100_40GB_PCIE', { name: 'NVIDIA A100 40GB PCIe', memory: Size.gibibytes(40) });
  /** NVIDIA L40S 48GB. */
  public static readonly L40S = new GpuType('L40S', { name: 'NVIDIA L40S', memory: Size.gibibytes(48) });
  /** NVIDIA L40 48GB. */
  public static readonly L40 = new GpuType('L40', { name: 'NVIDIA L40', memory: Size.gibibytes(48) });
  /** NVIDIA A40 48GB. */
  public static readonly A40 = new GpuType('A40', { name: 'NVIDIA A40', memory: Size.gibibytes(48) });
  /** NVIDIA RTX A6000 48GB. */
  public static readonly RTX_A6000 = new GpuType('RTX_A6000', { name: 'NVIDIA RTX A6000', memory: Size.gibibytes(48) });
  /** NVIDIA RTX A5000 24GB. */
  public static readonly RTX_A5000 = new GpuType('RTX_A5000', { name: 'NVIDIA RTX A5000', memory: Size.gibibytes(24) });
  /** NVIDIA RTX A4000 16GB. */
  public static readonly RTX_A4000 = new GpuType('RTX_A4000', { name: 'NVIDIA RTX A4000', memory: Size.gibibytes(16) });
  /** NVIDIA Quadro RTX 5000 16GB. */
  public static readonly QUADRO_RTX_5000 = new GpuType('QUADRO_RTX_5000', { name: 'NVIDIA Quadro RTX 5000', memory: Size.gibibytes(16) });
  /** NVIDIA L4 24GB. */
  public static readonly L4 = new GpuType('L4', { name: 'NVIDIA L4', memory: Size.gibibytes(24) });
  /** NVIDIA A10G 24GB (AWS G5). */
  public static readonly A10G = new GpuType('A10G', { name: 'NVIDIA A10G', memory: Size.gibibytes(24) });
  /** NVIDIA T4 16GB. */
  public static readonly T4 = new GpuType('T4', { name: 'NVIDIA T4', memory: Size.gibibytes(16) });
  /** NVIDIA V100 16GB (the seed guide's `Tesla_V100`). */
  public static readonly V100_16GB = new GpuType('V100_16GB', { name: 'NVIDIA V100 16GB', memory: Size.gibibytes(16) });

  /** A GPU type that is not in the catalogue. */
  public static custom(props: GpuTypeProps): GpuType {
    checkArguments('GpuType', [['props', props, GPU_TYPE_PROPS_TYPES, true]]);
    if (props.resourceName !== undefined && !isQualifiedKey(props.resourceName)) {
      throw new Error(`'resourceName' is ${JSON.stringify(props.resourceName)}: must be an extended resource name such as "amd.com/gpu" ([prefix/]name)`);
    }
    return new GpuType(undefined, props);
  }

  /** A readable name, used in messages. */
  public readonly name: string;
  /** Memory of one GPU. */
  public readonly memory: Size;
  /** The extended resource a pod requests for this GPU (`nvidia.com/gpu`, `amd.com/gpu`, a MIG profile). */
  public readonly resourceName: string;
  /** @internal Key of a catalogue type in the providers' label tables. */
  public readonly _catalogueId?: string;
  /** @internal The type's own label values, which win over the providers' tables. */
  public readonly _props: GpuTypeProps;

  private constructor(catalogueId: string | undefined, props: GpuTypeProps) {
    this._catalogueId = catalogueId;
    this._props = props;
    this.name = props.name;
    this.memory = props.memory;
    this.resourceName = props.resourceName ?? NVIDIA_GPU_RESOURCE;
  }

  /**
   * A MIG slice of this GPU, requested as its own extended resource (`nvidia.com/mig-<profile>`,
   * the GPU Operator's mixed MIG strategy) on the same nodes.
   * @param profile a MIG profile such as `1g.10gb` or `3g.40gb`
   */
  public withMigProfile(profile: string): GpuType {
    checkArguments('GpuType', [['profile', profile, 'string', true]]);
    const match = /^[1-7]g\.(\d{1,3})gb$/.exec(profile);
    if (!match) throw new Error(`'profile' is ${JSON.stringify(profile)}: give a MIG profile such as "1g.10gb" (<compute slices>g.<memory>gb)`);
    return new GpuType(this._catalogueId, {
      ...this._props,
      name: `${this.name} MIG ${profile}`,
      memory: Size.gibibytes(Number(match[1])),
      resourceName: `nvidia.com/mig-${profile}`,
    });
  }

  /**
   * The node-label value that selects this type on a provider, or undefined when the provider
   * does not offer it.
   */
  public labelValue(provider: GpuProvider): string | undefined {
    return provider.labelValueOf(this);
  }
}


/** CoreWeave's `gpu.nvidia.com/class` value of each catalogue type it offers. */
const COREWEAVE_CLASSES: Readonly<Record<string, string>> = {
  H100_80GB_SXM: 'H100_NVLINK_80GB',
  H100_80GB_PCIE: 'H100_PCIE',
  A100_80GB_SXM: 'A100_NVLINK_80GB',
  A100_80GB_PCIE: 'A100_PCIE_80GB',
  A100_40GB_SXM: 'A100_NVLINK',
  A100_40GB_PCIE: 'A100_PCIE_40GB',
  L40S: 'L40S',
  L40: 'L40',
  A40: 'A40',
  RTX_A6000: 'RTX_A6000',
  RTX_A5000: 'RTX_A5000',
  RTX_A4000: 'RTX_A4000',
  QUADRO_RTX_5000: 'Quadro_RTX_5000',
  V100_16GB: 'Tesla_V100',
};

/** GKE's `cloud.google.com/gke-accelerator` value of each catalogue type it offers. */
const GKE_ACCELERATORS: Readonly<Record<string, string>> = {
  H200_141GB: 'nvidia-h200-141gb',
  H100_80GB_SXM: 'nvidia-h100-80gb',
  A100_80GB_SXM: 'nvidia-a100-80gb',
  A100_40GB_SXM: 'nvidia-tesla-a100',
  L4: 'nvidia-l4',
  T4: 'nvidia-tesla-t4',
  V100_16GB: 'nvidia-tesla-v100',
};

/** NVIDIA GPU feature discovery's `nvidia.com/gpu.product` value of each catalogue type. */
const GPU_PRODUCTS: Readonly<Record<string, string>> = {
  H200_141GB: 'NVIDIA-H200',
  H100_80GB_SXM: 'NVIDIA-H100-80GB-HBM3',
  H100_80GB_PCIE: 'NVIDIA-H100-PCIe',
  A100_80GB_SXM: 'NVIDIA-A100-SXM4-80GB',
  A100_80GB_PCIE: 'NVIDIA-A100-80GB-PCIe',
  A100_40GB_SXM: 'NVIDIA-A100-SXM4-40GB',
  A100_40GB_PCIE: 'NVIDIA-A100-PCIE-40GB',
  L40S: 'NVIDIA-L40S',
  L40: 'NVIDIA-L40',
  A40: 'NVIDIA-A40',
  RTX_A6000: 'NVIDIA-RTX-A6000',
  RTX_A5000: 'NVIDIA-RTX-A5000',
  RTX_A4000: 'NVIDIA-RTX-A4000',
  QUADRO_RTX_5000: 'Quadro-RTX-5000',
  L4: 'NVIDIA-L4',
  A10G: 'NVIDIA-A10G',
  T4: 'Tesla-T4',
  V100_16GB: 'Tesla-V100-SXM2-16GB',
};

/** How a provider labels its GPU nodes. */
export enum GpuProviderKind {
  /** CoreWeave: `gpu.nvidia.com/class`, with regions in `topology.kubernetes.io/region`. */
  COREWEAVE = 'coreweave',
  /** Google Kubernetes Engine: `cloud.google.com/gke-accelerator`. */
  GKE = 'gke',
  /** NVIDIA GPU feature discovery (GPU Operator), on any cluster: `nvidia.com/gpu.product`. */
  GPU_FEATURE_DISCOVERY = 'gpu-feature-discovery',
  /** A node label of the cluster's own. */
  CUSTOM = 'custom',
}

/** The node label that tells which GPU a node has, and its value for each catalogue type. */
export class GpuProvider {
  /** CoreWeave: `gpu.nvidia.com/class` (for example `A100_NVLINK_80GB`). */
  public static readonly COREWEAVE = new GpuProvider(GpuProviderKind.COREWEAVE, 'gpu.nvidia.com/class', COREWEAVE_CLASSES);
  /** GKE: `cloud.google.com/gke-accelerator` (for example `nvidia-l4`). */
  public static readonly GKE = new GpuProvider(GpuProviderKind.GKE, 'cloud.google.com/gke-accelerator', GKE_ACCELERATORS);
  /** NVIDIA GPU feature discovery: `nvidia.com/gpu.product` (for example `NVIDIA-A100-SXM4-80GB`). */
  public static readonly GPU_FEATURE_DISCOVERY = new GpuProvider(GpuProviderKind.GPU_FEATURE_DISCOVERY, 'nvidia.com/gpu.product', GPU_PRODUCTS);

  /**
   * A node label of the cluster's own; each GPU type's `customLabelValue` (or else its GPU
   * feature discovery product name) is matched against it.
   */
  public static nodeLabel(labelKey: string): GpuProvider {
    checkArguments('GpuProvider', [['labelKey', labelKey, 'string', true]]);
    if (!isQualifiedKey(labelKey)) {
      throw new Error(`'labelKey' is ${JSON.stringify(labelKey)}: must be a label key ([prefix/]name, name at most 63 characters)`);
    }
    return new GpuProvider(GpuProviderKind.CUSTOM, labelKey, GPU_PRODUCTS);
  }

  /** The well-known node label of a node's region (CoreWeave `ORD1`, a cloud region). */
  public readonly regionLabel = 'topology.kubernetes.io/region';

  private constructor(
    /** Which labelling scheme. */
    public readonly kind: GpuProviderKind,
    /** The node label key. */
    public readonly labelKey: string,
    private readonly labelValues: Readonly<Record<string, string>>,
  ) {}

  /**
   * The value of `labelKey` on nodes with this GPU type, or undefined when the provider does not
   * offer it. A type's own value (`GpuTypeProps`) wins over the provider's table.
   */
  public labelValueOf(type: GpuType): string | undefined {
    const own = type._props;
    const fromTable = type._catalogueId !== undefined ? this.labelValues[type._catalogueId] : undefined;
    switch (this.kind) {
      case GpuProviderKind.COREWEAVE: return own.coreweaveClass ?? fromTable;
      case GpuProviderKind.GKE: return own.gkeAccelerator ?? fromTable;
      case GpuProviderKind.GPU_FEATURE_DISCOVERY: return own.gpuProduct ?? fromTable;
      default: return own.customLabelValue ?? own.gpuProduct ?? fromTable;
    }
  }
}

/** A toleration for a taint on GPU nodes. */
export interface GpuToleration extends NodeToleration {}

/** How an `InferenceService` keeps its pods on nodes with the chosen GPU types. */
export enum GpuNodeSelection {
  /** No node selection: only the GPU resource limit, so any node with a free GPU will do. */
  NONE = 'none',
  /**
   * KServe's accelerator annotation (`serving.kserve.io/gke-accelerator`, KFServing's
   * `serving.kubeflow.org/gke-accelerator`): KServe's pod webhook turns it into the
   * `cloud.google.com/gke-accelerator` node selector, so Knative needs no feature flag. One
   * NVIDIA type of the GKE provider, on the InferenceService APIs only.
   */
  ACCELERATOR_ANNOTATION = 'accelerator-annotation',
  /**
   * A `nodeSelector` with the type's label (and the region, when one is given). One type. Knative
   * needs `kubernetes.podspec-nodeselector`.
   */
  NODE_SELECTOR = 'node-selector',
  /**
   * Required node affinity: the pods run only on nodes with one of the types (and in one of the
   * regions). Knative needs `kubernetes.podspec-affinity`.
   */
  REQUIRED_AFFINITY = 'required-affinity',
  /**
   * Preferred node affinity: the scheduler prefers nodes with one of the types (and regions) but
   * may use any node with a free GPU. Knative needs `kubernetes.podspec-affinity`.
   */
  PREFERRED_AFFINITY = 'preferred-affinity',
}

/** GPUs for each replica of a model server. */
export interface GpuOptions {
  /**
   * Acceptable GPU types. Several types render as a node-affinity `In`, so the scheduler may use
   * any of them; the smallest one's memory is used to check that the model fits.
   * @default - any GPU type: only the resource limit is written, and the scheduler picks any node
   * with a free GPU
   */
  readonly types?: GpuType[];
  /**
   * How the pods are kept on nodes with the chosen types.
   * @default - the form that needs the fewest cluster feature flags: none without `types`; KServe's
   * accelerator annotation for one GKE type on an InferenceService API (no Knative feature flag);
   * required node affinity otherwise (several types and regions in one term)
   */
  readonly nodeSelection?: GpuNodeSelection;
  /**
   * GPUs per replica, requested as each type's extended resource (`nvidia.com/gpu`) in limits
   * (and requests, equal). All types must share one resource name.
   * @default 1
   */
  readonly count?: number;
  /**
   * How the cluster labels GPU nodes.
   * @default GpuProvider.GPU_FEATURE_DISCOVERY
   */
  readonly provider?: GpuProvider;
  /**
   * Regions (`topology.kubernetes.io/region`) the replicas must run in, for example CoreWeave
   * `ORD1`. Pin the region where the model cache's storage is.
   * @default - any region
   */
  readonly regions?: string[];
  /**
   * Taints of GPU nodes to tolerate. `nvidia.com/gpu` (any value, `NoSchedule`) is the taint the
   * GPU Operator, EKS and AKS put on GPU nodes.
   * @default - no tolerations (CoreWeave and GKE need none)
   */
  readonly tolerations?: GpuToleration[];
}

const GPU_TYPE_PROPS_TYPES = struct<GpuTypeProps>({
  name: 'string', memory: SIZE, coreweaveClass: 'string', gkeAccelerator: 'string', gpuProduct: 'string', customLabelValue: 'string', resourceName: 'string',
}, 'name', 'memory');
