import { formatProblem } from '../../config';
import { defaultRolloutStrategy } from '../../config/endpoint-schema';
import { isTimeZone, scheduleProblem } from '../../config/endpoint-schedule';
import { resolveConfig } from '../../config/resolve-config';
import { baseDocument, repoDocument, testConfig } from '../helpers/test-config';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROD = { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], environment: 'production' };
const scaled = (scaling: Doc) => ({ instance: { initialInstanceCount: 2 }, scaling: { minCapacity: 2, maxCapacity: 4, ...scaling } });
const serverless = (extra: Doc = {}) => ({ kind: 'serverless', ...extra });

/** [what is wrong, the stage's endpoint overrides, the problem's path, words of the message]. */
const CASES: [string, Doc, string, string][] = [
  ['a serverless endpoint asks for a VPC', serverless({ vpc: true }), 'stages[0].endpoint.vpc', 'supports neither VPC configuration nor network isolation'],
  ['a serverless endpoint captures data', serverless({ dataCapture: { enabled: true } }), 'stages[0].endpoint.dataCapture.enabled', 'does not support data capture'],
  ['a serverless endpoint has multi-model settings', serverless({ multiModel: { modelCache: true } }), 'stages[0].endpoint.multiModel', 'cannot host multi-model endpoints'],
  ['a serverless endpoint has several variants', serverless({ variants: 2 }), 'stages[0].endpoint.variants', 'single production variant'],
  ['a serverless endpoint rolls out in batches', serverless({ rollout: { strategy: 'rolling' } }), 'stages[0].endpoint.rollout.strategy', 'excludes serverless endpoints from rolling updates'],
  ['a serverless endpoint rolls out as a canary', serverless({ rollout: { strategy: 'canary' } }), 'stages[0].endpoint.rollout.strategy', 'no instance fleet to shift traffic to in steps'],
  ['a multi-model endpoint uses a GPU instance', { kind: 'multiModel', instance: { instanceType: 'ml.g4dn.xlarge' } }, 'stages[0].endpoint.instance.instanceType', 'CPU only'],
  ['an instance type has NVMe storage', { instance: { instanceType: 'ml.m5d.large' } }, 'stages[0].endpoint.instance.instanceType', 'refuses a KMS key'],
  ['a canary is more than half of the fleet', { instance: { initialInstanceCount: 1 }, rollout: { strategy: 'canary' } }, 'stages[0].endpoint.rollout.strategy', 'above 50 % of the fleet'],
  ['a canary percentage is above 50', { instance: { initialInstanceCount: 4 }, rollout: { strategy: 'canary', canaryPercent: 60 } }, 'stages[0].endpoint.rollout.canaryPercent', 'at most 50 percent'],
  ['a linear step is below 10 %', { rollout: { strategy: 'linear', linearStepPercent: 5 } }, 'stages[0].endpoint.rollout.linearStepPercent', 'steps of 10-50 %'],
  ['a linear step is above 50 %', { rollout: { strategy: 'linear', linearStepPercent: 60 } }, 'stages[0].endpoint.rollout.linearStepPercent', 'steps of 10-50 %'],
  ['a rolling batch is above 50 %', { rollout: { strategy: 'rolling', rollingBatchPercent: 75 } }, 'stages[0].endpoint.rollout.rollingBatchPercent', '5-50 % of the fleet'],
  ['a rolling update has several variants', { variants: 2, rollout: { strategy: 'rolling' } }, 'stages[0].endpoint.rollout.strategy', 'excludes multi-variant endpoints'],
  ['serverless memory is not a 1024 MB step', serverless({ serverless: { memorySizeMb: 1500 } }), 'stages[0].endpoint.serverless.memorySizeMb', 'is not one of 1024, 2048, 3072, 4096, 5120, 6144'],
  ['serverless memory is above 6144 MB', serverless({ serverless: { memorySizeMb: 7168 } }), 'stages[0].endpoint.serverless.memorySizeMb', '1024 MB steps from 1024 to 6144'],
  ['provisioned concurrency exceeds max concurrency', serverless({ serverless: { maxConcurrency: 5, provisionedConcurrency: 8 } }), 'stages[0].endpoint.serverless.provisionedConcurrency', 'provisioned concurrency <= max concurrency'],
  ['serverless scaling has no provisioned concurrency', serverless({ scaling: { provisionedConcurrency: {} } }), 'stages[0].endpoint.scaling.provisionedConcurrency', 'set serverless.provisionedConcurrency'],
  ['serverless scaling may exceed max concurrency', serverless({ serverless: { maxConcurrency: 4, provisionedConcurrency: 2 }, scaling: { maxCapacity: 8, provisionedConcurrency: {} } }), 'stages[0].endpoint.scaling.maxCapacity', 'cannot exceed max concurrency'],
  ['a serverless endpoint tracks invocations per instance', serverless({ scaling: { targetTracking: { targetValue: 70 } } }), 'stages[0].endpoint.scaling.targetTracking', 'use scaling.provisionedConcurrency instead'],
  ['an instance endpoint scales provisioned concurrency', { scaling: { provisionedConcurrency: {} } }, 'stages[0].endpoint.scaling.provisionedConcurrency', 'serverless endpoints only'],
  ['scaling min capacity is 0', { scaling: { minCapacity: 0 } }, 'stages[0].endpoint.scaling.minCapacity', 'cannot scale below one instance'],
  ['scaling max capacity is below min', { scaling: { minCapacity: 3, maxCapacity: 2 } }, 'stages[0].endpoint.scaling.maxCapacity', 'is below minCapacity 3'],
  ['the initial count is outside the scaling range', { instance: { initialInstanceCount: 1 }, scaling: { minCapacity: 2, maxCapacity: 4, targetTracking: { targetValue: 70 } } }, 'stages[0].endpoint.instance.initialInstanceCount', 'outside scaling.minCapacity..maxCapacity'],
  ['step-scaling steps overlap', scaled({ stepScaling: { threshold: 80, steps: [{ lower: 0, upper: 30, change: 1 }, { lower: 20, change: 2 }] } }), 'stages[0].endpoint.scaling.stepScaling.steps[0].upper', 'overlaps the next step'],
  ['step-scaling steps leave a gap', scaled({ stepScaling: { threshold: 80, steps: [{ lower: 0, upper: 10, change: 1 }, { lower: 20, change: 2 }] } }), 'stages[0].endpoint.scaling.stepScaling.steps[0].upper', 'leaves a gap'],
  ['the first step does not start at the threshold', scaled({ stepScaling: { threshold: 80, steps: [{ lower: 5, change: 1 }] } }), 'stages[0].endpoint.scaling.stepScaling.steps[0].lower', 'must start at offset 0'],
  ['the last step has an upper bound', scaled({ stepScaling: { threshold: 80, steps: [{ lower: 0, upper: 10, change: 1 }] } }), 'stages[0].endpoint.scaling.stepScaling.steps[0].upper', 'must be left out on the last step'],
  ['a cron has 5 fields', scaled({ scheduled: [{ name: 'peak', schedule: 'cron(0 8 * * MON-FRI)', minCapacity: 3 }] }), 'stages[0].endpoint.scaling.scheduled[0].schedule', 'has 5 cron fields; write 6'],
  ['a cron sets both day fields', scaled({ scheduled: [{ name: 'peak', schedule: 'cron(0 8 1 * MON *)', minCapacity: 3 }] }), 'stages[0].endpoint.scaling.scheduled[0].schedule', 'one of them must be "?"'],
  ['a rate has a plural unit for 1', scaled({ scheduled: [{ name: 'often', schedule: 'rate(1 hours)', minCapacity: 3 }] }), 'stages[0].endpoint.scaling.scheduled[0].schedule', 'must say "1 hour"'],
  ['an at schedule has no time', scaled({ scheduled: [{ name: 'launch', schedule: 'at(2026-12-24)', minCapacity: 3 }] }), 'stages[0].endpoint.scaling.scheduled[0].schedule', 'at(yyyy-mm-ddThh:mm:ss)'],
  ['a schedule is neither cron, rate nor at', scaled({ scheduled: [{ name: 'x', schedule: '0 8 * * *', minCapacity: 3 }] }), 'stages[0].endpoint.scaling.scheduled[0].schedule', 'must be "cron(<6 fields>)"'],
  ['a time zone is not IANA', scaled({ scheduled: [{ name: 'peak', schedule: 'rate(1 day)', timeZone: 'CET+1', minCapacity: 3 }] }), 'stages[0].endpoint.scaling.scheduled[0].timeZone', 'IANA time zone'],
  ['a scheduled action sets no capacity', scaled({ scheduled: [{ name: 'peak', schedule: 'rate(1 day)' }] }), 'stages[0].endpoint.scaling.scheduled[0]', 'sets neither minCapacity nor maxCapacity'],
  ['two scheduled actions share a name', scaled({ scheduled: [{ name: 'peak', schedule: 'rate(1 day)', minCapacity: 3 }, { name: 'peak', schedule: 'rate(2 days)', minCapacity: 2 }] }), 'stages[0].endpoint.scaling.scheduled[1].name', 'give each a different name'],
  ['a bake time is above 3600 s', { rollout: { bakeSeconds: 4000 } }, 'stages[0].endpoint.rollout.bakeSeconds', 'at most 3600 seconds'],
  ['the rollout timeout is below 600 s', { rollout: { maxExecutionSeconds: 300 } }, 'stages[0].endpoint.rollout.maxExecutionSeconds', '600 seconds or more'],
  ['the rollout timeout is above 8 hours', { rollout: { maxExecutionSeconds: 30000 } }, 'stages[0].endpoint.rollout.maxExecutionSeconds', 'at most 28800 seconds'],
  ['the rollout timeout is shorter than its bake times', { rollout: { strategy: 'linear', bakeSeconds: 600, maxExecutionSeconds: 1200 } }, 'stages[0].endpoint.rollout.maxExecutionSeconds', 'must exceed the 3600 seconds'],
  ['a model download timeout is below 60 s', { instance: { modelDataDownloadTimeoutSeconds: 30 } }, 'stages[0].endpoint.instance.modelDataDownloadTimeoutSeconds', '60 seconds or more'],
  ['a health-check timeout is above 3600 s', { instance: { containerStartupHealthCheckTimeoutSeconds: 7200 } }, 'stages[0].endpoint.instance.containerStartupHealthCheckTimeoutSeconds', 'at most 3600 seconds'],
  ['an instance endpoint leaves the VPC', { vpc: false }, 'stages[0].endpoint.vpc', 'always run in the stage VPC'],
  ['data capture captures nothing', { dataCapture: { enabled: true, captureRequest: false, captureResponse: false } }, 'stages[0].endpoint.dataCapture', 'captures neither requests nor responses'],
  ['there are more than 5 variants', { variants: 6 }, 'stages[0].endpoint.variants', 'SageMaker accepts at most 10'],
];

function problemsFor(endpoint: Doc, stage: Doc = {}) {
  const doc = baseDocument() as Doc;
  doc.stages[0] = { ...doc.stages[0], ...stage, endpoint };
  const result = resolveConfig(doc);
  return result.ok ? [] : result.problems;
}

describe('endpoint config', () => {
  test.each(CASES)('fails when %s', (_what, endpoint, path, words) => {
    const problems = problemsFor(endpoint);
    const problem = problems.find((p) => p.path === path);
    if (!problem) throw new Error(`no problem at ${path}; got: ${problems.map(formatProblem).join(' | ') || 'none'}`);
    expect(problem.message).toContain(words);
  });

  test('fails when an inherited default is impossible for one stage, and names the stage', () => {
    const doc = baseDocument() as Doc;
    doc.defaults = { endpoint: { dataCapture: { enabled: true } } };
    doc.stages[0].endpoint = { kind: 'serverless' };
    const result = resolveConfig(doc);
    if (result.ok) throw new Error('expected a problem');
    expect(result.problems.map(formatProblem)).toContain(
      'defaults.endpoint.dataCapture.enabled (inherited by stage "Staging"): true cannot be true for a serverless endpoint: serverless inference does not support data capture; set it to false or use kind "instance"',
    );
  });

  test('a stage gets the instance defaults when it says nothing', () => {
    const endpoint = testConfig().stages[0].endpoint;
    expect(endpoint).toMatchObject({
      kind: 'instance',
      instance: { instanceType: 'ml.m5.large', initialInstanceCount: 1 },
      variants: 1,
      scaling: { minCapacity: 1, maxCapacity: 4, scheduled: [] },
      rollout: { strategy: 'allAtOnce', bakeSeconds: 300, finalBakeSeconds: 600, maxExecutionSeconds: 3600 },
      dataCapture: { enabled: false },
    });
    expect(endpoint.scaling.targetTracking).toBeUndefined();
  });

  test('production instance endpoints with two or more instances roll out as a canary by default', () => {
    const config = testConfig({ stages: [{ ...PROD, endpoint: { instance: { initialInstanceCount: 2 } } }] });
    expect(config.stages[0].endpoint.rollout.strategy).toBe('canary');
  });

  test('production endpoints that cannot cut a canary roll out all at once by default', () => {
    expect(defaultRolloutStrategy('production', {})).toBe('allAtOnce');
    expect(defaultRolloutStrategy('production', { kind: 'serverless', instance: { initialInstanceCount: 4 } })).toBe('allAtOnce');
    expect(defaultRolloutStrategy('staging', { instance: { initialInstanceCount: 4 } })).toBe('allAtOnce');
  });

  test('a stage overrides one key of the defaults and keeps the others', () => {
    const doc = baseDocument() as Doc;
    doc.defaults = { endpoint: { instance: { instanceType: 'ml.c5.xlarge' }, alarms: { p99LatencyMs: 250 } } };
    doc.stages[0].endpoint = { instance: { initialInstanceCount: 3 } };
    const result = resolveConfig(doc);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.config.stages[0].endpoint.instance).toMatchObject({ instanceType: 'ml.c5.xlarge', initialInstanceCount: 3 });
    expect(result.config.stages[0].endpoint.alarms.p99LatencyMs).toBe(250);
  });

  test('the committed pipeline.yaml gives staging a serverless endpoint and production a scaled canary', () => {
    const result = resolveConfig(repoDocument());
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const [staging, prod] = result.config.stages;
    expect(staging.endpoint.kind).toBe('serverless');
    expect(prod.endpoint.kind).toBe('instance');
    expect(prod.endpoint.rollout.strategy).toBe('canary');
    expect(prod.endpoint.scaling.targetTracking).toBeDefined();
    expect(prod.endpoint.scaling.stepScaling).toBeDefined();
    expect(prod.endpoint.scaling.scheduled.length).toBeGreaterThan(0);
  });
});

describe('schedule expressions', () => {
  test.each([
    ['a weekday cron', 'cron(0 8 ? * MON-FRI *)'],
    ['a cron on the last day of a year\'s months', 'cron(30 18 L * ? 2027)'],
    ['a singular rate of 1', 'rate(1 day)'],
    ['a plural rate', 'rate(15 minutes)'],
    ['a one-time schedule', 'at(2026-12-24T18:00:00)'],
    ['spaces around the expression', ' rate(6 hours) '],
    ['spaces inside the cron parentheses', 'cron( 0 8 ? * MON-FRI * )'],
    ['two spaces between cron fields', 'cron(0  8 ? * MON-FRI *)'],
    ['spaces inside the rate parentheses', 'rate( 6 hours )'],
    ['spaces inside the at() parentheses', 'at( 2026-12-24T18:00:00 )'],
  ])('accepts %s: %s', (_what, expression) => {
    expect(scheduleProblem(expression)).toBeUndefined();
  });

  test.each([
    ['seven cron fields', 'cron(0 8 * * ? * *)', 'has 7 cron fields'],
    ['four cron fields', 'cron(0 8 ? *)', 'has 4 cron fields; write 6 (minutes hours day-of-month month day-of-week year)'],
    ['an invalid day-of-week field', 'cron(0 8 ? * MON-FRI$ *)', 'invalid day-of-week field'],
    ['an invalid first (minutes) cron field', 'cron(0! 8 ? * * *)', 'has an invalid minutes field "0!"'],
    ['text before cron', 'xcron(0 8 ? * * *)', 'must be "cron(<6 fields>)"'],
    ['text after the closing parenthesis', 'cron(0 8 ? * * *)x', 'must be "cron(<6 fields>)"'],
    ['a rate of 0', 'rate(0 minutes)', 'below 1'],
    ['a unit rate() does not know', 'rate(2 weeks)', 'is not a rate'],
    ['text after the rate unit', 'rate(6 hoursx)', 'is not a rate'],
    ['text before the rate value', 'rate(x6 hours)', 'is not a rate'],
    ['a plural unit for 1', 'rate(1 minutes)', 'must say "1 minute"'],
    ['a singular unit for 2', 'rate(2 hour)', 'must say "2 hours"'],
    ['a date that does not exist', 'at(2026-02-30T10:00:00)', 'does not exist'],
    ['text after the at() time', 'at(2026-12-24T18:00:00x)', 'is not a one-time schedule'],
    ['text before the at() date', 'at(x2026-12-24T18:00:00)', 'is not a one-time schedule'],
  ])('fails when the expression has %s: %s', (_what, expression, words) => {
    expect(scheduleProblem(expression)).toContain(words);
  });
});

describe('time zones', () => {
  test.each(['UTC', 'Europe/Dublin', 'Europe/Berlin', 'Etc/GMT+1', 'America/Argentina/Buenos_Aires'])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  test.each(['GMT+2', 'Mars/Olympus', '+01:00', 'Europe/Berlin!'])('fails when the zone is %s', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});
