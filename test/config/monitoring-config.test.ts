import { formatProblem } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { endpointSchema } from '../../config/endpoint-schema';
import { analyzerImageUri, ANALYZER_REGIONS } from '../../config/model-monitor-image';
import { scheduleExpression, schedulePeriodSeconds } from '../../config/monitoring-schema';
import { resolveConfig } from '../../config/resolve-config';
import { baseDocument, testConfig } from '../helpers/test-config';

/*
 * endpoint.monitoring: its defaults, the endpoints it cannot run on (each next to the closest one
 * that is accepted), and the checks against the served model and the stage's regions.
 */

type Doc = Record<string, unknown>;
const capture = { enabled: true, captureRequest: true, captureResponse: true };

function problems(doc: Doc): { path: string; message: string }[] {
  const result = endpointSchema.safeParse(doc);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

function problemsOf(overrides: Doc): string[] {
  const result = resolveConfig(deepMerge(baseDocument(), overrides));
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems.map(formatProblem);
}

const stageWith = (endpoint: Doc, extra: Doc = {}) => ({ stages: [{ name: 'Prod', account: '333333333333', regions: ['eu-west-1'], environment: 'production', endpoint, ...extra }] });

describe('endpoint.monitoring', () => {
  test('is off by default, daily, with the documented defaults', () => {
    const parsed = endpointSchema.parse({});
    expect(parsed.monitoring).toEqual({ enabled: false, schedule: 'daily', driftThreshold: 0.1, evaluationPeriods: 1, instanceType: 'ml.m5.xlarge', volumeSizeGb: 20, maxRuntimeSeconds: 1800 });
  });

  test('hourly and daily map to the cron expressions Model Monitor accepts, and their periods', () => {
    expect(scheduleExpression('hourly')).toBe('cron(0 * ? * * *)');
    expect(scheduleExpression('daily')).toBe('cron(0 0 ? * * *)');
    expect(schedulePeriodSeconds('hourly')).toBe(3600);
    expect(schedulePeriodSeconds('daily')).toBe(86400);
  });

  test('an instance endpoint that captures requests and responses may be monitored', () => {
    expect(problems({ dataCapture: capture, monitoring: { enabled: true, schedule: 'hourly' } })).toEqual([]);
  });

  test('fails when monitoring is on without data capture', () => {
    expect(problems({ monitoring: { enabled: true } })).toEqual([
      { path: 'monitoring.enabled', message: 'needs data capture: Model Monitor analyses the captured traffic; set dataCapture.enabled to true (with captureRequest and captureResponse), or set monitoring.enabled to false' },
    ]);
  });

  test('fails when only requests or only responses are captured', () => {
    for (const dataCapture of [{ ...capture, captureResponse: false }, { ...capture, captureRequest: false }]) {
      expect(problems({ dataCapture, monitoring: { enabled: true } }).map((p) => p.path)).toEqual(['monitoring.enabled']);
      expect(problems({ dataCapture, monitoring: { enabled: true } })[0].message).toMatch(/^needs both requests and responses captured: .* set dataCapture.captureRequest and dataCapture.captureResponse to true/);
    }
  });

  test('fails when a serverless endpoint is monitored', () => {
    expect(problems({ kind: 'serverless', monitoring: { enabled: true } })).toEqual([
      { path: 'monitoring.enabled', message: 'cannot be true for a serverless endpoint: serverless inference supports neither data capture nor Model Monitor; use kind "instance" with dataCapture.enabled, or set monitoring.enabled to false' },
    ]);
  });

  test('fails when a multi-model endpoint is monitored, even with data capture', () => {
    expect(problems({ kind: 'multiModel', dataCapture: capture, monitoring: { enabled: true } })).toEqual([
      {
        path: 'monitoring.enabled',
        message: 'cannot be true for a multi-model endpoint: Model Monitor supports only endpoints that host a single model; monitor the model on an instance endpoint that serves it (endpoint.model), or set monitoring.enabled to false',
      },
    ]);
  });

  test('fails when a setting is out of range, naming the bound', () => {
    const at = (monitoring: Doc) => problems({ dataCapture: capture, monitoring: { enabled: true, ...monitoring } }).map((p) => `${p.path}: ${p.message}`);
    expect(at({ schedule: 'weekly' })).toEqual(['monitoring.schedule: must be "hourly" or "daily" (the frequencies Model Monitor schedules accept here)']);
    expect(at({ driftThreshold: 0 })).toEqual(['monitoring.driftThreshold: must be above 0: a baseline drift distance is between 0 (same distribution) and 1']);
    expect(at({ driftThreshold: 1 })).toEqual([]);
    expect(at({ driftThreshold: 1.5 })).toEqual(['monitoring.driftThreshold: must be at most 1: a baseline drift distance is between 0 (same distribution) and 1']);
    expect(at({ maxRuntimeSeconds: 3600 })).toEqual([]);
    expect(at({ maxRuntimeSeconds: 3601 })).toEqual(['monitoring.maxRuntimeSeconds: must be at most 3600 seconds: a data-quality monitoring run cannot outlast an hourly schedule (MonitoringStoppingCondition)']);
    expect(at({ schedule: 'daily', evaluationPeriods: 7 })).toEqual([]);
    expect(at({ schedule: 'daily', evaluationPeriods: 8 })).toEqual(['monitoring.evaluationPeriods: must be at most 7 with a daily schedule: a CloudWatch alarm evaluates at most seven days; lower it or use schedule "hourly"']);
    expect(at({ schedule: 'hourly', evaluationPeriods: 24 })).toEqual([]);
    expect(at({ instanceType: 'm5.xlarge' })).toEqual(['monitoring.instanceType: must be a SageMaker processing instance type such as "ml.m5.xlarge"']);
  });

  test('a monitored stage serving a model with feature names in a region with the analyzer image is accepted', () => {
    const config = testConfig({ ...stageWith({ dataCapture: capture, monitoring: { enabled: true } }), training: { hyperparameters: { feature_names: 'a,b,c' } } });
    expect(config.stages[0].endpoint.monitoring.enabled).toBe(true);
  });

  test('fails when the served model declares no feature names', () => {
    expect(problemsOf({ ...stageWith({ dataCapture: capture, monitoring: { enabled: true } }), training: { hyperparameters: { epochs: '10' } } })).toContainEqual(
      expect.stringContaining('stages[0].endpoint.monitoring.enabled: true needs the features of model "default": the drift alarm watches one Model Monitor metric per feature; set its training.hyperparameters.feature_names'),
    );
  });

  test('fails when a stage region has no analyzer image, naming the table to update', () => {
    const found = problemsOf({ ...stageWith({ dataCapture: capture, monitoring: { enabled: true } }, { regions: ['eu-west-1', 'eu-central-2'] }), training: { hyperparameters: { feature_names: 'a,b' } } });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('stages[0].endpoint.monitoring.enabled: true cannot be true in region eu-central-2: it has no SageMaker Model Monitor analyzer image in config/model-monitor-images.json');
  });

  test('fails when the stage deploys to the tooling account and region, where the model store creates the baseline jobs\' log group', () => {
    const found = problemsOf({ ...stageWith({ dataCapture: capture, monitoring: { enabled: true } }, { account: '111111111111' }), training: { hyperparameters: { feature_names: 'a,b' } } });
    expect(found).toEqual([
      'stages[0].endpoint.monitoring.enabled: true cannot be true for a stage in the tooling account 111111111111 and region eu-west-1: the model store there creates the log group /aws/sagemaker/ProcessingJobs of the baseline jobs, and the monitored endpoint stack would create it again; deploy the stage to another account or region',
    ]);
    // the tooling account in another region is fine
    expect(testConfig({ ...stageWith({ dataCapture: capture, monitoring: { enabled: true } }, { account: '111111111111', regions: ['eu-central-1'] }), training: { hyperparameters: { feature_names: 'a,b' } } }).stages[0].endpoint.monitoring.enabled).toBe(true);
  });

  test('fails when the served model has no train channel to compute the baseline from', () => {
    const channels = { data: { prefix: 'iris/v1/all/', dataVersion: 'v1' } };
    const found = problemsOf({ ...stageWith({ dataCapture: capture, monitoring: { enabled: true } }), training: { channels, hyperparameters: { feature_names: 'a,b' } } });
    expect(found).toContainEqual(expect.stringContaining('stages[0].endpoint.monitoring.enabled: true needs a "train" channel in model "default": the data-quality baseline is computed from the data the model trained on'));
  });
});

describe('the Model Monitor analyzer image', () => {
  test('is built per region from the SDK registry table', () => {
    expect(analyzerImageUri('eu-west-1')).toBe('468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer');
    expect(analyzerImageUri('us-east-1')).toBe('156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer');
    expect(analyzerImageUri('cn-north-1')).toBe('453000072557.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-model-monitor-analyzer');
    expect(ANALYZER_REGIONS).toHaveLength(22);
  });

  test('fails when the region is not in the table', () => {
    expect(() => analyzerImageUri('eu-central-2')).toThrow('region eu-central-2 has no SageMaker Model Monitor analyzer image in config/model-monitor-images.json');
  });
});
