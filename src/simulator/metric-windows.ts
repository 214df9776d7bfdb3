import { Duration } from 'cdk8s';
import { addProblem, checkPositiveWholeSeconds, checkTime, throwIfAny } from './_checks';
import { Problems } from '../_errors';

/**
 * The metric window of Knative's autoscaler: values recorded in time buckets (1 s in Knative),
 * averaged linearly over a window. A transcription of `TimedFloat64Buckets` in
 * knative/serving `pkg/autoscaler/aggregation/bucketing.go` (v1.23).
 *
 * Times are seconds on any clock (Knative uses Unix time); only differences matter, and they must
 * not decrease by more than a window between calls for the values to count.
 */
export class TimedFloat64Buckets {
  private readonly buckets: Float64Array;
  private readonly granularity: number;
  private readonly window: number;
  private windowTotal = 0;
  /** Bucket start of the first write since the last reset; NaN before any write (Go's zero time). */
  private firstWrite = Number.NaN;
  /** Bucket start of the last write; -Infinity before any write, so that every time is after it. */
  private lastWrite = -Infinity;

  /**
   * @param window length averaged over: Knative's stable or panic window
   * @param granularity bucket size: Knative uses 1 s
   */
  public constructor(window: Duration, granularity: Duration) {
    const problems = new Problems();
    checkPositiveWholeSeconds(problems, 'window', window);
    checkPositiveWholeSeconds(problems, 'granularity', granularity);
    throwIfAny(problems, 'TimedFloat64Buckets');
    this.window = window.toSeconds();
    this.granularity = granularity.toSeconds();
    // Knative: the number of buckets is the window divided by the granularity, rounded up.
    this.buckets = new Float64Array(Math.ceil(this.window / this.granularity));
  }

  /**
   * Adds a value to the bucket of `timeSeconds`. Buckets skipped since the last write are zeroed;
   * after a whole window without writes the history restarts; values older than a window before
   * the last write are ignored.
   */
  public record(timeSeconds: number, value: number): void {
    const problems = new Problems();
    checkTime(problems, 'timeSeconds', timeSeconds);
    if (typeof value !== 'number' || !Number.isFinite(value)) addProblem(problems, 'value', value, 'must be a finite number');
    throwIfAny(problems, 'TimedFloat64Buckets.record');
    this._record(timeSeconds, value);
  }

  /**
   * The linear average over the window at `nowSeconds`: the sum of the valid buckets divided by
   * their number (a partial window just after the first write or after a pause), 0 after a whole
   * window without data, floored to 6 decimals as Knative does.
   */
  public windowAverage(nowSeconds: number): number {
    const problems = new Problems();
    checkTime(problems, 'nowSeconds', nowSeconds);
    throwIfAny(problems, 'TimedFloat64Buckets.windowAverage');
    return this._windowAverage(nowSeconds);
  }

  /** True when nothing was recorded during the window before `nowSeconds`. */
  public isEmpty(nowSeconds: number): boolean {
    const problems = new Problems();
    checkTime(problems, 'nowSeconds', nowSeconds);
    throwIfAny(problems, 'TimedFloat64Buckets.isEmpty');
    return this._isEmpty(nowSeconds);
  }

  /** @internal The same as `record`, unchecked, for the simulator's inner loop. */
  public _record(timeSeconds: number, value: number): void {
    const bucketTime = this.truncate(timeSeconds);
    const writeIdx = this.timeToIndex(timeSeconds);
    if (this.lastWrite !== bucketTime) {
      if (!(bucketTime + this.window > this.lastWrite)) return; // older than a window: ignored
      if (Number.isNaN(this.firstWrite) || this.firstWrite > bucketTime) this.firstWrite = bucketTime;
      if (bucketTime > this.lastWrite) {
        if (bucketTime - this.lastWrite >= this.window) {
          this.firstWrite = bucketTime;
          this.buckets.fill(0);
          this.windowTotal = 0;
        } else {
          for (let i = this.timeToIndex(this.lastWrite) + 1; i <= writeIdx; i++) {
            const idx = this.slot(i);
            this.windowTotal -= this.buckets[idx];
            this.buckets[idx] = 0;
          }
        }
        this.lastWrite = bucketTime;
      }
    }
    this.buckets[this.slot(writeIdx)] += value;
    this.windowTotal += value;
  }

  /** @internal The same as `windowAverage`, unchecked. */
  public _windowAverage(nowSeconds: number): number {
    const now = this.truncate(nowSeconds);
    const d = now - this.lastWrite;
    const n = this.buckets.length;
    const written = Math.floor((this.lastWrite - this.firstWrite) / this.granularity) + 1; // +1: inclusive
    if (d <= 0) return roundToSixDigits(this.windowTotal / Math.min(written, n));
    if (d < this.window) {
      const stIdx = this.timeToIndex(this.lastWrite);
      const eIdx = this.timeToIndex(now);
      let total = this.windowTotal;
      for (let i = stIdx + 1; i <= eIdx; i++) total -= this.buckets[this.slot(i)];
      return roundToSixDigits(total / Math.min(written, n - (eIdx - stIdx)));
    }
    return 0;
  }

  /** @internal */
  public _isEmpty(nowSeconds: number): boolean {
    return this.truncate(nowSeconds) - this.lastWrite > this.window;
  }

  private truncate(t: number): number {
    return Math.floor(t / this.granularity) * this.granularity;
  }

  private timeToIndex(t: number): number {
    return Math.floor(Math.floor(t) / this.granularity);
  }

  /** The bucket of an index, for negative times too (Go's Unix times never are; `%` keeps the sign). */
  private slot(index: number): number {
    const n = this.buckets.length;
    return ((index % n) + n) % n;
  }
}

/** Knative's `roundToNDigits(6, f)`: floors, so that float noise never raises a pod count. */
function roundToSixDigits(f: number): number {
  return Math.floor(f * 1e6) / 1e6;
}

/**
 * The sliding maximum behind Knative's scale-down delay: the largest value recorded over the last
 * `size` indexes, kept as a descending-minima ring buffer. A transcription of `window` in
 * knative/serving `pkg/autoscaler/aggregation/max/window.go`.
 */
export class MaxWindow {
  private readonly values: Float64Array;
  private readonly indexes: Float64Array;
  private first = 0;
  private length = 0;

  /** @param size number of consecutive indexes the maximum covers */
  public constructor(size: number) {
    const problems = new Problems();
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 1_000_000) {
      addProblem(problems, 'size', size, 'must be a whole number from 1 to 1000000');
    }
    throwIfAny(problems, 'MaxWindow');
    this.values = new Float64Array(size);
    this.indexes = new Float64Array(size);
  }

  /** Records a value at an index; indexes must not decrease. */
  public record(index: number, value: number): void {
    const problems = new Problems();
    if (typeof index !== 'number' || !Number.isSafeInteger(index)) addProblem(problems, 'index', index, 'must be a whole number');
    if (typeof value !== 'number' || !Number.isFinite(value)) addProblem(problems, 'value', value, 'must be a finite number');
    throwIfAny(problems, 'MaxWindow.record');
    this._record(index, value);
  }

  /** The maximum over the window: the value recorded first if nothing larger came since. */
  public current(): number {
    return this.values[this.first];
  }

  /** @internal */
  public _record(index: number, value: number): void {
    const size = this.values.length;
    let v = value;
    // Values not larger than the new one can never be the maximum again.
    for (; this.length > 0; this.length--) {
      if (v < this.values[(this.first + this.length - 1) % size]) break;
    }
    // Values recorded a whole window ago leave from the front.
    while (this.length > 0 && index - this.indexes[this.first] >= size) {
      this.length--;
      this.first = (this.first + 1) % size;
    }
    // Several values at one index keep the largest.
    if (this.length > 0) {
      const last = (this.first + this.length - 1) % size;
      if (this.indexes[last] === index) {
        if (this.values[last] > v) v = this.values[last];
        this.length--;
      }
    }
    const at = (this.first + this.length) % size;
    this.values[at] = v;
    this.indexes[at] = index;
    this.length++;
  }
}

/**
 * `MaxWindow` indexed by time, as Knative's scale-down delay uses it: buckets of `granularity`,
 * `ceil(duration / granularity)` of them. A transcription of `TimeWindow` in knative/serving
 * `pkg/autoscaler/aggregation/max/timewindow.go`.
 */
export class MaxTimeWindow {
  private readonly window: MaxWindow;
  private readonly granularity: number;

  /**
   * @param duration how long a value is remembered: Knative's scale-down delay
   * @param granularity bucket size: Knative's 2 s decision interval
   */
  public constructor(duration: Duration, granularity: Duration) {
    const problems = new Problems();
    checkPositiveWholeSeconds(problems, 'duration', duration);
    checkPositiveWholeSeconds(problems, 'granularity', granularity);
    throwIfAny(problems, 'MaxTimeWindow');
    this.granularity = granularity.toSeconds();
    this.window = new MaxWindow(Math.ceil(duration.toSeconds() / this.granularity));
  }

  /** Records a value at `timeSeconds`. */
  public record(timeSeconds: number, value: number): void {
    const problems = new Problems();
    checkTime(problems, 'timeSeconds', timeSeconds);
    if (typeof value !== 'number' || !Number.isFinite(value)) addProblem(problems, 'value', value, 'must be a finite number');
    throwIfAny(problems, 'MaxTimeWindow.record');
    this._record(timeSeconds, value);
  }

  /** The maximum recorded during the last duration. */
  public current(): number {
    return this.window.current();
  }

  /** @internal */
  public _record(timeSeconds: number, value: number): void {
    this.window._record(Math.floor(Math.floor(timeSeconds) / this.granularity), value);
  }
}
