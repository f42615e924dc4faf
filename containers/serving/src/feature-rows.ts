/** request rows as one row-major Float64Array (rowCount x featureCount). */
export interface FeatureRows {
  readonly values: Float64Array;
  readonly rowCount: number;
}

/** the columns a request must supply, in order. */
export interface FeatureSchema {
  readonly featureNames: readonly string[];
  readonly featureIndex: ReadonlyMap<string, number>;
}

/**
 * a growable buffer of feature values. Parsing is synchronous and its result is used before the next
 * request is parsed, so one shared buffer serves every request (`shared()`), and a single-row request
 * allocates no typed array.
 */
export class ValueBuffer {
  private static instance: ValueBuffer | undefined;

  /** the process-wide buffer, emptied; its values are valid until the next call. */
  static shared(capacity: number): ValueBuffer {
    const buffer = (ValueBuffer.instance ??= new ValueBuffer(1024));
    buffer.length = 0;
    if (buffer.data.length < capacity) buffer.data = new Float64Array(capacity);
    return buffer;
  }

  private data: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(capacity, 8));
  }

  /** stores `value` at `index`, growing the buffer when needed. */
  set(index: number, value: number): void {
    if (index >= this.data.length) {
      const grown = new Float64Array(Math.max(this.data.length * 2, index + 1));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[index] = value;
    if (index >= this.length) this.length = index + 1;
  }

  /** the values written, without copying. */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
