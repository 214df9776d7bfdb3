import { Size } from 'cdk8s';
import { isQualifiedKey } from './_metadata-checks';

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
}

/**
 * A GPU model and the node-label values that select it on each provider. The catalogue holds
 * the data-centre GPUs most used for inference; `GpuType.custom()` adds any other.
 */
export class GpuType {
  /** NVIDIA H200 141GB (SXM). */
  public static readonly H200_141GB = new GpuType({ name: 'NVIDIA H200 141GB', memory: Size.gibibytes(141), gkeAccelerator: 'nvidia-h200-141gb', gpuProduct: 'NVIDIA-H200' });
  /** NVIDIA H100 80GB SXM (HBM3, NVLink). */
  public static readonly H100_80GB_SXM = new GpuType({ name: 'NVIDIA H100 80GB SXM', memory: Size.gibibytes(80), coreweaveClass: 'H100_NVLINK_80GB', gkeAccelerator: 'nvidia-h100-80gb', gpuProduct: 'NVIDIA-H100-80GB-HBM3' });
  /** NVIDIA H100 80GB PCIe. */
  public static readonly H100_80GB_PCIE = new GpuType({ name: 'NVIDIA H100 80GB PCIe', memory: Size.gibibytes(80), coreweaveClass: 'H100_PCIE', gpuProduct: 'NVIDIA-H100-PCIe' });
  /** NVIDIA A100 80GB SXM (NVLink). */
  public static readonly A100_80GB_SXM = new GpuType({ name: 'NVIDIA A100 80GB SXM', memory: Size.gibibytes(80), coreweaveClass: 'A100_NVLINK_80GB', gkeAccelerator: 'nvidia-a100-80gb', gpuProduct: 'NVIDIA-A100-SXM4-80GB' });
  /** NVIDIA A100 80GB PCIe. */
  public static readonly A100_80GB_PCIE = new GpuType({ name: 'NVIDIA A100 80GB PCIe', memory: Size.gibibytes(80), coreweaveClass: 'A100_PCIE_80GB', gpuProduct: 'NVIDIA-A100-80GB-PCIe' });
  /** NVIDIA A100 40GB SXM (NVLink). */
  public static readonly A100_40GB_SXM = new GpuType({ name: 'NVIDIA A100 40GB SXM', memory: Size.gibibytes(40), coreweaveClass: 'A100_NVLINK', gkeAccelerator: 'nvidia-tesla-a100', gpuProduct: 'NVIDIA-A100-SXM4-40GB' });
  /** NVIDIA A100 40GB PCIe. */
  public static readonly A100_40GB_PCIE = new GpuType({ name: 'NVIDIA A100 40GB PCIe', memory: Size.gibibytes(40), coreweaveClass: 'A100_PCIE_40GB', gpuProduct: 'NVIDIA-A100-PCIE-40GB' });
  /** NVIDIA L40S 48GB. */
  public static readonly L40S = new GpuType({ name: 'NVIDIA L40S', memory: Size.gibibytes(48), coreweaveClass: 'L40S', gpuProduct: 'NVIDIA-L40S' });
  /** NVIDIA L40 48GB. */
  public static readonly L40 = new GpuType({ name: 'NVIDIA L40', memory: Size.gibibytes(48), coreweaveClass: 'L40', gpuProduct: 'NVIDIA-L40' });
  /** NVIDIA A40 48GB. */
  public static readonly A40 = new GpuType({ name: 'NVIDIA A40', memory: Size.gibibytes(48), coreweaveClass: 'A40', gpuProduct: 'NVIDIA-A40' });
  /** NVIDIA RTX A6000 48GB. */
  public static readonly RTX_A6000 = new GpuType({ name: 'NVIDIA RTX A6000', memory: Size.gibibytes(48), coreweaveClass: 'RTX_A6000', gpuProduct: 'NVIDIA-RTX-A6000' });
  /** NVIDIA RTX A5000 24GB. */
  public static readonly RTX_A5000 = new GpuType({ name: 'NVIDIA RTX A5000', memory: Size.gibibytes(24), coreweaveClass: 'RTX_A5000', gpuProduct: 'NVIDIA-RTX-A5000' });
  /** NVIDIA RTX A4000 16GB. */
  public static readonly RTX_A4000 = new GpuType({ name: 'NVIDIA RTX A4000', memory: Size.gibibytes(16), coreweaveClass: 'RTX_A4000', gpuProduct: 'NVIDIA-RTX-A4000' });
  /** NVIDIA Quadro RTX 5000 16GB. */
  public static readonly QUADRO_RTX_5000 = new GpuType({ name: 'NVIDIA Quadro RTX 5000', memory: Size.gibibytes(16), coreweaveClass: 'Quadro_RTX_5000', gpuProduct: 'Quadro-RTX-5000' });
  /** NVIDIA L4 24GB. */
  public static readonly L4 = new GpuType({ name: 'NVIDIA L4', memory: Size.gibibytes(24), gkeAccelerator: 'nvidia-l4', gpuProduct: 'NVIDIA-L4' });
  /** NVIDIA A10G 24GB (AWS G5). */
  public static readonly A10G = new GpuType({ name: 'NVIDIA A10G', memory: Size.gibibytes(24), gpuProduct: 'NVIDIA-A10G' });
  /** NVIDIA T4 16GB. */
  public static readonly T4 = new GpuType({ name: 'NVIDIA T4', memory: Size.gibibytes(16), gkeAccelerator: 'nvidia-tesla-t4', gpuProduct: 'Tesla-T4' });
  /** NVIDIA V100 16GB (the seed guide's `Tesla_V100`). */
  public static readonly V100_16GB = new GpuType({ name: 'NVIDIA V100 16GB', memory: Size.gibibytes(16), coreweaveClass: 'Tesla_V100', gkeAccelerator: 'nvidia-tesla-v100', gpuProduct: 'Tesla-V100-SXM2-16GB' });

  /** A GPU type that is not in the catalogue. */
  public static custom(props: GpuTypeProps): GpuType {
    return new GpuType(props);
  }

  /** A readable name, used in messages. */
  public readonly name: string;
  /** Memory of one GPU. */
  public readonly memory: Size;
  private readonly props: GpuTypeProps;

  private constructor(props: GpuTypeProps) {
    this.props = props;
    this.name = props.name;
    this.memory = props.memory;
  }

  /**
   * The node-label value that selects this type on a provider, or undefined when the provider
   * does not offer it.
   */
  public labelValue(provider: GpuProvider): string | undefined {
    switch (provider.kind) {
      case GpuProviderKind.COREWEAVE: return this.props.coreweaveClass;
      case GpuProviderKind.GKE: return this.props.gkeAccelerator;
      case GpuProviderKind.GPU_FEATURE_DISCOVERY: return this.props.gpuProduct;
      default: return this.props.customLabelValue ?? this.props.gpuProduct;
    }
  }
}

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

/** The node label that tells which GPU a node has. */
export class GpuProvider {
  /** CoreWeave: `gpu.nvidia.com/class` (for example `A100_NVLINK_80GB`). */
  public static readonly COREWEAVE = new GpuProvider(GpuProviderKind.COREWEAVE, 'gpu.nvidia.com/class');
  /** GKE: `cloud.google.com/gke-accelerator` (for example `nvidia-l4`). */
  public static readonly GKE = new GpuProvider(GpuProviderKind.GKE, 'cloud.google.com/gke-accelerator');
  /** NVIDIA GPU feature discovery: `nvidia.com/gpu.product` (for example `NVIDIA-A100-SXM4-80GB`). */
  public static readonly GPU_FEATURE_DISCOVERY = new GpuProvider(GpuProviderKind.GPU_FEATURE_DISCOVERY, 'nvidia.com/gpu.product');

  /**
   * A node label of the cluster's own; each GPU type's `customLabelValue` (or else its GPU
   * feature discovery product name) is matched against it.
   */
  public static nodeLabel(labelKey: string): GpuProvider {
    if (!isQualifiedKey(labelKey)) {
      throw new Error(`'labelKey' is ${JSON.stringify(labelKey)}: must be a label key ([prefix/]name, name at most 63 characters)`);
    }
    return new GpuProvider(GpuProviderKind.CUSTOM, labelKey);
  }

  private constructor(
    /** Which labelling scheme. */
    public readonly kind: GpuProviderKind,
    /** The node label key. */
    public readonly labelKey: string,
  ) {}
}

/** A toleration for a taint on GPU nodes. */
export interface GpuToleration {
  /** Taint key, for example `nvidia.com/gpu`. */
  readonly key: string;
  /**
   * Taint value to match. Without a value the toleration matches any value (`Exists`).
   * @default - any value
   */
  readonly value?: string;
  /**
   * Taint effect to tolerate.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
}

/** Effect of a node taint. */
export enum TaintEffect {
  /** New pods are not scheduled unless they tolerate the taint. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods that do not tolerate the taint are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/** GPUs for each replica of a model server. */
export interface GpuOptions {
  /**
   * Acceptable GPU types. Several types render as a node-affinity `In`, so the scheduler may use
   * any of them; the smallest one's memory is used to check that the model fits.
   */
  readonly types: GpuType[];
  /**
   * GPUs per replica, requested as `nvidia.com/gpu` in limits (and requests, equal).
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
