/**
 * The simulator's speed target: 24 hours of a 50 request-per-second trace in under 10 s on 2 cores
 * (docs/simulator.md). Measures the compiled lib/ that users load, three runs, and prints the median.
 */
import { Duration } from 'cdk8s';
import { AutoscalingPreset, AutoscalingSimulation, PresetKnativeValues, RequestTrace } from '../../lib';

const RUNS = 3;
const TARGET_SECONDS = 10;

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

const traceTimes: number[] = [];
const simulationTimes: number[] = [];
let summary = '';
for (let run = 0; run < RUNS; run++) {
  const start = process.hrtime.bigint();
  const trace = RequestTrace.poisson({ duration: Duration.hours(24), ratePerSecond: 50, serviceTime: Duration.millis(500), seed: 50 });
  traceTimes.push(seconds(start));
  const simulationStart = process.hrtime.bigint();
  const result = AutoscalingSimulation.run({
    trace, policy: PresetKnativeValues.of(AutoscalingPreset.GPU_TUNED), server: { coldStart: Duration.seconds(60) }, pricePerGpuHour: 2.21,
  });
  simulationTimes.push(seconds(simulationStart));
  summary = `${result.requests.toLocaleString('en-US')} requests, ${result.served.toLocaleString('en-US')} served, up to ${result.maxBilledPods} pods`;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const total = median(traceTimes) + median(simulationTimes);
process.stdout.write([
  `24 h at 50 requests/s (${summary}), GPU_TUNED, ${RUNS} runs:`,
  `  trace generation  median ${median(traceTimes).toFixed(2)} s (min ${Math.min(...traceTimes).toFixed(2)} s)`,
  `  simulation        median ${median(simulationTimes).toFixed(2)} s (min ${Math.min(...simulationTimes).toFixed(2)} s)`,
  `  total             median ${total.toFixed(2)} s: ${total < TARGET_SECONDS ? 'under' : 'OVER'} the ${TARGET_SECONDS} s target`,
  '',
].join('\n'));
