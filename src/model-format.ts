import { checkArguments } from './_public-types';

/**
 * The format of a model, which selects the KServe ServingRuntime that serves it
 * (`predictor.model.modelFormat`). On KFServing, which has no `modelFormat`, the format's
 * framework field is written instead (`predictor.tensorflow`, ...), when it has one.
 */
export class ModelFormat {
  /** Hugging Face models: KServe's Hugging Face server, with vLLM for LLMs on GPUs (KServe >= 0.12). */
  public static readonly HUGGINGFACE = new ModelFormat('huggingface', undefined, undefined);
  /** TensorFlow SavedModel (TensorFlow Serving). */
  public static readonly TENSORFLOW = new ModelFormat('tensorflow', undefined, 'tensorflow');
  /** PyTorch (TorchServe model archives). */
  public static readonly PYTORCH = new ModelFormat('pytorch', undefined, 'pytorch');
  /** Models served by NVIDIA Triton (TensorRT, ONNX, TorchScript, TensorFlow). */
  public static readonly TRITON = new ModelFormat('triton', undefined, 'triton');
  /** ONNX. */
  public static readonly ONNX = new ModelFormat('onnx', undefined, 'onnx');
  /** scikit-learn. */
  public static readonly SKLEARN = new ModelFormat('sklearn', undefined, 'sklearn');
  /** XGBoost. */
  public static readonly XGBOOST = new ModelFormat('xgboost', undefined, 'xgboost');
  /** LightGBM. */
  public static readonly LIGHTGBM = new ModelFormat('lightgbm', undefined, 'lightgbm');

  /**
   * Any format a ServingRuntime in the cluster declares in `supportedModelFormats`.
   * @param name format name
   * @param version format version, when runtimes distinguish versions
   */
  public static of(name: string, version?: string): ModelFormat {
    checkArguments('ModelFormat', [['name', name, 'string', true], ['version', version, 'string']]);
    if (!/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/.test(name)) {
      throw new Error(`'name' is ${JSON.stringify(name)}: a model format name is lowercase alphanumerics, '-', '_' and '.'`);
    }
    const known = [ModelFormat.HUGGINGFACE, ModelFormat.TENSORFLOW, ModelFormat.PYTORCH, ModelFormat.TRITON,
      ModelFormat.ONNX, ModelFormat.SKLEARN, ModelFormat.XGBOOST, ModelFormat.LIGHTGBM].find((f) => f.name === name);
    return new ModelFormat(name, version, known?.framework);
  }

  /** The format name. */
  public readonly name: string;
  /** The format version, if given. */
  public readonly version?: string;
  /** The KFServing framework field that serves this format (`tensorflow`, ...), if any. */
  public readonly framework?: string;

  private constructor(name: string, version: string | undefined, framework: string | undefined) {
    this.name = name;
    this.version = version;
    this.framework = framework;
  }

  /** The same format with a version (for example `ModelFormat.TENSORFLOW.withVersion('2')`). */
  public withVersion(version: string): ModelFormat {
    checkArguments('ModelFormat', [['version', version, 'string', true]]);
    return new ModelFormat(this.name, version, this.framework);
  }
}

/** The inference protocol the model server speaks. */
export enum ProtocolVersion {
  /** KServe V1 (TensorFlow-style REST). */
  V1 = 'v1',
  /** Open Inference Protocol (KServe V2) over REST. */
  V2 = 'v2',
  /** KServe V1 over gRPC (KServe >= 0.9). */
  GRPC_V1 = 'grpc-v1',
  /** Open Inference Protocol over gRPC (KServe >= 0.9). */
  GRPC_V2 = 'grpc-v2',
}
