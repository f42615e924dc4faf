/*
 * The data-quality baseline of a headerless CSV data set in the shape of SageMaker Model Monitor's
 * statistics.json and constraints.json (SageMaker DG "Schema for Statistics (statistics.json file)"
 * and "Schema for Constraints (constraints.json file)", model-monitor-byoc-statistics.md and
 * model-monitor-byoc-constraints.md). Fields produced: statistics `version`, `dataset.item_count`,
 * per feature `name`, `inferred_type`, and `numerical_statistics` (`common.num_present`,
 * `common.num_missing`, `mean`, `sum`, `std_dev`, `min`, `max`, `distribution.kll.buckets` with 10
 * buckets) or `string_statistics` (`common`, `distinct_count`, `distribution.categorical.buckets`);
 * constraints `version`, per feature `name`, `inferred_type`, `completeness`,
 * `num_constraints.is_non_negative` or `string_constraints.domains`, and `monitoring_config`.
 * Not produced: the KLL sketch itself (`distribution.kll.sketch`): the buckets here are exact counts
 * over equal-width ranges, where the analyzer materializes its sketch.
 */

/** one numeric bucket of the distribution. */
export interface KllBucket {
  readonly lower_bound: number;
  readonly upper_bound: number;
  readonly count: number;
}

/** the statistics of one column. */
export type FeatureStatistics =
  | {
      readonly name: string;
      readonly inferred_type: 'Fractional' | 'Integral';
      readonly numerical_statistics: {
        readonly common: { readonly num_present: number; readonly num_missing: number };
        readonly mean: number;
        readonly sum: number;
        readonly std_dev: number;
        readonly min: number;
        readonly max: number;
        readonly distribution: { readonly kll: { readonly buckets: readonly KllBucket[] } };
      };
    }
  | {
      readonly name: string;
      readonly inferred_type: 'String';
      readonly string_statistics: {
        readonly common: { readonly num_present: number; readonly num_missing: number };
        readonly distinct_count: number;
        readonly distribution: { readonly categorical: { readonly buckets: readonly { readonly value: string; readonly count: number }[] } };
      };
    };

/** statistics.json */
export interface BaselineStatistics {
  readonly version: 0;
  readonly dataset: { readonly item_count: number };
  readonly features: readonly FeatureStatistics[];
}

/** the constraints of one column. */
export interface FeatureConstraints {
  readonly name: string;
  readonly inferred_type: 'Fractional' | 'Integral' | 'String';
  readonly completeness: number;
  readonly num_constraints?: { readonly is_non_negative: boolean };
  readonly string_constraints?: { readonly domains: readonly string[] };
}

/** constraints.json */
export interface BaselineConstraints {
  readonly version: 0;
  readonly features: readonly FeatureConstraints[];
  readonly monitoring_config: {
    readonly evaluate_constraints: 'Enabled';
    readonly emit_metrics: 'Enabled';
    readonly datatype_check_threshold: number;
    readonly domain_content_threshold: number;
    readonly distribution_constraints: { readonly perform_comparison: 'Enabled'; readonly comparison_threshold: number; readonly comparison_method: 'Robust' };
  };
}

/** the baseline of a data set. */
export interface Baseline {
  readonly statistics: BaselineStatistics;
  readonly constraints: BaselineConstraints;
}

/** the number of buckets Model Monitor materializes a numeric distribution in ("you can't change this"). */
export const DISTRIBUTION_BUCKETS = 10;

/** the drift a column may show before it is a violation (the analyzer's suggested default). */
export const COMPARISON_THRESHOLD = 0.1;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function buckets(values: readonly number[], min: number, max: number): KllBucket[] {
  const width = (max - min) / DISTRIBUTION_BUCKETS;
  const counts = new Array<number>(DISTRIBUTION_BUCKETS).fill(0);
  for (const v of values) counts[width === 0 ? 0 : Math.min(DISTRIBUTION_BUCKETS - 1, Math.floor((v - min) / width))] += 1;
  return counts.map((count, i) => ({ lower_bound: min + i * width, upper_bound: i === DISTRIBUTION_BUCKETS - 1 ? max : min + (i + 1) * width, count }));
}

function columnStatistics(name: string, cells: readonly string[]): FeatureStatistics {
  const present = cells.filter((c) => c !== '');
  const common = { num_present: present.length, num_missing: cells.length - present.length };
  if (present.length > 0 && present.every((c) => NUMBER.test(c))) {
    const values = present.map(Number);
    const sum = values.reduce((a, b) => a + b, 0);
    const mean = sum / values.length;
    // population standard deviation, as Deequ (the analyzer's engine) computes it
    const stdDev = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    const min = Math.min(...values);
    const max = Math.max(...values);
    return {
      name,
      inferred_type: present.every((c) => /^[-+]?\d+$/.test(c)) ? 'Integral' : 'Fractional',
      numerical_statistics: { common, mean, sum, std_dev: stdDev, min, max, distribution: { kll: { buckets: buckets(values, min, max) } } },
    };
  }
  const counts = new Map<string, number>();
  for (const c of present) counts.set(c, (counts.get(c) ?? 0) + 1);
  const categorical = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([value, count]) => ({ value, count }));
  return { name, inferred_type: 'String', string_statistics: { common, distinct_count: counts.size, distribution: { categorical: { buckets: categorical } } } };
}

function columnConstraints(s: FeatureStatistics): FeatureConstraints {
  if (s.inferred_type === 'String') {
    const { common, distribution } = s.string_statistics;
    return { name: s.name, inferred_type: s.inferred_type, completeness: common.num_present / (common.num_present + common.num_missing), string_constraints: { domains: distribution.categorical.buckets.map((b) => b.value) } };
  }
  const { common, min } = s.numerical_statistics;
  return { name: s.name, inferred_type: s.inferred_type, completeness: common.num_present / (common.num_present + common.num_missing), num_constraints: { is_non_negative: min >= 0 } };
}

/**
 * the baseline of a headerless CSV (one record a line, the label first as in the training channel):
 * columns are named `_c0`, `_c1`, ... as the analyzer names the columns of a CSV without a header.
 */
export function baselineOf(csv: string): Baseline {
  const rows = csv.split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => line.split(',').map((c) => c.trim()));
  if (rows.length === 0) throw new Error('the data set has no rows; a baseline needs the training data (a CSV with the label first)');
  const width = rows[0].length;
  const ragged = rows.findIndex((r) => r.length !== width);
  if (ragged >= 0) throw new Error(`row ${ragged + 1} has ${rows[ragged].length} columns but row 1 has ${width}; every row of the training data must have the same columns`);
  const features = Array.from({ length: width }, (_, i) => columnStatistics(`_c${i}`, rows.map((r) => r[i])));
  return {
    statistics: { version: 0, dataset: { item_count: rows.length }, features },
    constraints: {
      version: 0,
      features: features.map(columnConstraints),
      monitoring_config: {
        evaluate_constraints: 'Enabled',
        emit_metrics: 'Enabled',
        datatype_check_threshold: 1.0,
        domain_content_threshold: 1.0,
        distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: COMPARISON_THRESHOLD, comparison_method: 'Robust' },
      },
    },
  };
}

/** the figures a user reads first: one line per column (its meaning from `names`, label first). */
export function baselineFigures(baseline: Baseline, names: readonly string[]): string[] {
  const lines = [`${baseline.statistics.dataset.item_count} records, ${baseline.statistics.features.length} columns`];
  baseline.statistics.features.forEach((f, i) => {
    const meaning = names[i] === undefined ? '' : ` (${names[i]})`;
    if (f.inferred_type === 'String') {
      const b = f.string_statistics.distribution.categorical.buckets.map((x) => `${x.value} ${x.count}`).join(', ');
      lines.push(`${f.name}${meaning}: String, ${f.string_statistics.distinct_count} values: ${b}`);
    } else {
      const n = f.numerical_statistics;
      lines.push(`${f.name}${meaning}: ${f.inferred_type}, mean ${n.mean.toFixed(4)}, std_dev ${n.std_dev.toFixed(4)}, min ${n.min}, max ${n.max}, missing ${n.common.num_missing}`);
    }
  });
  return lines;
}
