// A consumer's cdk8s app, outside this repository (.ci/consumer-app.sh copies it to a temporary
// folder): it requires the library by package name, from the packed tarball, and its cdk8s.yaml
// names the validation plugin by package. With HAND_WRITTEN set, it includes that YAML file.
const { App, Chart, Include } = require('cdk8s');
const { GpuType, InferenceService, ModelSource, ServingApi } = require('cdk8s-inference');

const app = new App();
const chart = new Chart(app, 'serving', { namespace: 'ml' });
new InferenceService(chart, 'Mistral', {
  api: ServingApi.KNATIVE_SERVICE,
  container: { image: 'vllm/vllm-openai:v0.6.3', args: ['--model=/mnt/models', '--port=8080'], port: 8080 },
  model: ModelSource.fromPvc('model-cache', 'mistral-7b-instruct'),
  gpu: { types: [GpuType.A40] },
});
if (process.env.HAND_WRITTEN) new Include(chart, 'HandWritten', { url: process.env.HAND_WRITTEN });
app.synth();
