/**
 * platform-knative-config: the cluster-wide Knative Serving settings of a GPU serving platform,
 * kept in their own chart and applied by the platform team, apart from the model services.
 * `config-autoscaler` gets the GPU-tuned preset (180s stable window, 90 % target utilization, a
 * 30s panic window, 30 min keep-warm retention) and leaves max-scale-up-rate at Knative's 1000
 * so that a burst starts all the GPU pods it needs at once; zero initial scale is allowed so that
 * services can deploy without starting a GPU pod. `config-features` lets revisions use the
 * nodeSelector, affinity and tolerations that pin pods to GPU nodes, the NVIDIA runtime class,
 * and ModelCache PersistentVolumeClaims, which Knative's webhook rejects by default.
 */
import { App, Chart } from 'cdk8s';
import { AutoscalingPreset, KnativeAutoscalerConfig, KnativeFeatureFlags } from '../src';

export function platformKnativeConfig(app: App, name: string): Chart {
  const chart = new Chart(app, name);
  new KnativeAutoscalerConfig(chart, 'Autoscaler', {
    preset: AutoscalingPreset.GPU_TUNED,
    allowZeroInitialScale: true,
  });
  new KnativeFeatureFlags(chart, 'Features', { runtimeClassName: true });
  return chart;
}
