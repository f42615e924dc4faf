import type { TrainingConfig } from '../../../config';
import type { TrainingJobDescription } from './wait-for-job';

/** the gate's verdict on a trained model. */
export interface MetricVerdict {
  /** the metric's name */
  readonly name: string;
  /** its final value, undefined when the job did not report it */
  readonly value: number | undefined;
  /** the value it had to reach */
  readonly threshold: number;
  /** maximize: value >= threshold; minimize: value <= threshold */
  readonly direction: 'maximize' | 'minimize';
  /** whether the model may be published */
  readonly passed: boolean;
  /** one line saying why */
  readonly message: string;
}

/** checks the job's final value of the configured metric against the threshold. */
export function evaluateMetric(job: Pick<TrainingJobDescription, 'FinalMetricDataList' | 'TrainingJobName'>, gate: TrainingConfig['metric']): MetricVerdict {
  const reported = (job.FinalMetricDataList ?? []).find((m) => m.MetricName === gate.name)?.Value;
  const base = { name: gate.name, threshold: gate.threshold, direction: gate.direction };
  if (reported === undefined || !Number.isFinite(reported)) {
    const names = (job.FinalMetricDataList ?? []).map((m) => m.MetricName).join(', ') || 'none';
    return {
      ...base,
      value: undefined,
      passed: false,
      message: `job ${job.TrainingJobName} reported no final value of ${gate.name} (reported: ${names}); check that the container prints "${gate.name}=<number>;" and that the metric definitions match it`,
    };
  }
  const passed = gate.direction === 'maximize' ? reported >= gate.threshold : reported <= gate.threshold;
  const relation = gate.direction === 'maximize' ? '>=' : '<=';
  return {
    ...base,
    value: reported,
    passed,
    message: passed
      ? `${gate.name} = ${reported} meets the threshold (${relation} ${gate.threshold})`
      : `${gate.name} = ${reported} misses the threshold (${relation} ${gate.threshold}); the model is not published. Improve the model or data, or change training.metric.threshold in pipeline.yaml`,
  };
}
