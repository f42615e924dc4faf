import type { RolloutConfig } from '../../config/endpoint-rollout-schema';
import { endpointInVpc, rolloutWaitSeconds, scalesInstances } from '../../config/endpoint-rules';
import { endpointSchema } from '../../config/endpoint-schema';

/*
 * The cross-field endpoint rules, one rule at a time: each rejected config next to the closest
 * config that is accepted (equality on both sides of every bound), with the exact problem it
 * reports. The endpoint is parsed on its own, so defaults apply as in pipeline.yaml.
 */

type Doc = Record<string, unknown>;
interface Problem {
  readonly path: string;
  readonly input: unknown;
  readonly message: string;
}

/** the problems of one endpoint document, in the order the rules report them. */
function problems(doc: Doc): Problem[] {
  const result = endpointSchema.safeParse(doc, { reportInput: true });
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), input: (i as { input?: unknown }).input, message: i.message }));
}

const accepted = (doc: Doc) => expect(problems(doc)).toEqual([]);
const paths = (doc: Doc) => problems(doc).map((p) => p.path);

const serverless = (extra: Doc = {}) => ({ kind: 'serverless', ...extra });
const SERVERLESS_SCALING = 'scales a serverless variant without provisioned concurrency: Application Auto Scaling can only scale the provisioned concurrency of a serverless variant; set serverless.provisionedConcurrency';
const INSTANCE_ONLY = 'applies to instance endpoints only: a serverless variant scales its provisioned concurrency; use scaling.provisionedConcurrency instead';

describe('serverless endpoint rules', () => {
  test('a plain serverless endpoint is accepted', () => {
    accepted(serverless());
    accepted(serverless({ vpc: false }));
  });

  test('fails when a serverless endpoint asks for a VPC', () => {
    expect(problems(serverless({ vpc: true }))).toEqual([
      {
        path: 'vpc',
        input: true,
        message: 'cannot be true for a serverless endpoint: serverless inference supports neither VPC configuration nor network isolation; use kind "instance" to stay in the VPC, or remove vpc',
      },
    ]);
  });

  test('fails when a serverless endpoint captures data', () => {
    expect(problems(serverless({ dataCapture: { enabled: true } }))).toEqual([
      { path: 'dataCapture.enabled', input: true, message: 'cannot be true for a serverless endpoint: serverless inference does not support data capture; set it to false or use kind "instance"' },
    ]);
    accepted(serverless({ dataCapture: { enabled: false } }));
  });

  test('fails when a serverless endpoint has multi-model settings', () => {
    expect(problems(serverless({ multiModel: {} }))).toEqual([
      { path: 'multiModel', input: { modelCache: true }, message: 'applies to kind "multiModel" only: serverless inference cannot host multi-model endpoints; remove it or use kind "multiModel"' },
    ]);
  });

  test('fails when a serverless endpoint has two variants, and accepts one', () => {
    expect(problems(serverless({ variants: 2 }))).toEqual([
      { path: 'variants', input: 2, message: 'must be 1 for a serverless endpoint: serverless inference supports a single production variant; set it to 1 or use kind "instance"' },
    ]);
    accepted(serverless({ variants: 1 }));
  });

  test('fails when a serverless endpoint rolls out in batches', () => {
    expect(problems(serverless({ rollout: { strategy: 'rolling' } }))).toEqual([
      { path: 'rollout.strategy', input: 'rolling', message: 'cannot be "rolling" for a serverless endpoint: SageMaker excludes serverless endpoints from rolling updates; use "allAtOnce"' },
    ]);
  });

  test.each(['canary', 'linear'])('fails when a serverless endpoint shifts traffic in steps (%s)', (strategy) => {
    expect(problems(serverless({ rollout: { strategy } }))).toEqual([
      { path: 'rollout.strategy', input: strategy, message: 'must be "allAtOnce" for a serverless endpoint: it has no instance fleet to shift traffic to in steps; use "allAtOnce"' },
    ]);
  });

  test('accepts provisioned concurrency equal to max concurrency, and fails one above', () => {
    accepted(serverless({ serverless: { maxConcurrency: 5, provisionedConcurrency: 5 } }));
    expect(problems(serverless({ serverless: { maxConcurrency: 5, provisionedConcurrency: 6 } }))).toEqual([
      {
        path: 'serverless.provisionedConcurrency',
        input: 6,
        message: 'is above maxConcurrency 5; SageMaker requires provisioned concurrency <= max concurrency: lower it or raise maxConcurrency',
      },
    ]);
  });

  test('fails when a serverless endpoint tracks or steps instance counts', () => {
    expect(problems(serverless({ scaling: { targetTracking: { targetValue: 70 } } }))).toEqual([
      { path: 'scaling.targetTracking', input: expect.objectContaining({ targetValue: 70 }), message: INSTANCE_ONLY },
    ]);
    expect(problems(serverless({ scaling: { stepScaling: { threshold: 80, steps: [{ lower: 0, change: 1 }] } } }))).toEqual([
      { path: 'scaling.stepScaling', input: expect.objectContaining({ threshold: 80 }), message: INSTANCE_ONLY },
    ]);
  });

  test('fails when serverless scaling has no provisioned concurrency to scale, whether by policy or schedule', () => {
    expect(problems(serverless({ scaling: { provisionedConcurrency: {} } }))).toEqual([
      { path: 'scaling.provisionedConcurrency', input: expect.objectContaining({ targetUtilization: 0.7 }), message: SERVERLESS_SCALING },
    ]);
    const scheduled = [{ name: 'peak', schedule: 'rate(1 day)', minCapacity: 2 }];
    expect(problems(serverless({ scaling: { scheduled } }))).toEqual([{ path: 'scaling.scheduled', input: [expect.objectContaining({ name: 'peak' })], message: SERVERLESS_SCALING }]);
  });

  test('accepts serverless scaling of provisioned concurrency up to max concurrency, and fails above', () => {
    const base = { serverless: { maxConcurrency: 4, provisionedConcurrency: 2 } };
    accepted(serverless({ ...base, scaling: { maxCapacity: 4, provisionedConcurrency: {} } }));
    accepted(serverless({ ...base, scaling: { maxCapacity: 4, scheduled: [{ name: 'peak', schedule: 'rate(1 day)', minCapacity: 3 }] } }));
    expect(problems(serverless({ ...base, scaling: { maxCapacity: 5, provisionedConcurrency: {} } }))).toEqual([
      { path: 'scaling.maxCapacity', input: 5, message: 'is above serverless.maxConcurrency 4: provisioned concurrency cannot exceed max concurrency; lower it' },
    ]);
    expect(paths(serverless({ ...base, scaling: { maxCapacity: 5, scheduled: [{ name: 'peak', schedule: 'rate(1 day)', minCapacity: 3 }] } }))).toEqual(['scaling.maxCapacity']);
  });

  test('leaves max capacity alone when a serverless endpoint does not scale', () => {
    accepted(serverless({ serverless: { maxConcurrency: 2 }, scaling: { maxCapacity: 8 } }));
  });

  test('does not apply the instance rules to a serverless endpoint', () => {
    accepted(serverless({ instance: { instanceType: 'ml.m5d.large', initialInstanceCount: 3 }, scaling: { minCapacity: 1, maxCapacity: 2 } }));
  });
});

describe('instance endpoint rules', () => {
  test('the default instance endpoint is accepted', () => {
    accepted({});
    accepted({ vpc: true });
  });

  test.each(['ml.g4dn.xlarge', 'ml.g5.xlarge', 'ml.p3.2xlarge', 'ml.inf1.xlarge', 'ml.trn1.2xlarge', 'ml.dl1.24xlarge'])('fails when a multi-model endpoint uses the accelerator type %s', (instanceType) => {
    const found = problems({ kind: 'multiModel', instance: { instanceType } });
    expect(found[0]).toEqual({
      path: 'instance.instanceType',
      input: instanceType,
      message: 'is a GPU/accelerator instance type, but our multi-model serving container is CPU only (GPU multi-model endpoints need NVIDIA Triton); use a CPU type such as "ml.m5.large"',
    });
  });

  test('accepts a multi-model endpoint on CPU instances, and an instance endpoint on an accelerator', () => {
    accepted({ kind: 'multiModel', instance: { instanceType: 'ml.c5.xlarge' }, multiModel: {} });
    accepted({ kind: 'multiModel', instance: { instanceType: 'ml.m5.large' } });
    accepted({ instance: { instanceType: 'ml.p3.2xlarge' } });
    accepted({ instance: { instanceType: 'ml.inf2.xlarge' } });
  });

  test.each(['ml.m5d.large', 'ml.c5d.xlarge', 'ml.r5d.large', 'ml.g4dn.xlarge', 'ml.p4d.24xlarge', 'ml.g5.xlarge', 'ml.g6.xlarge', 'ml.g6e.xlarge', 'ml.p5.48xlarge', 'ml.p5e.48xlarge'])(
    'fails when the instance type %s has NVMe storage',
    (instanceType) => {
      expect(problems({ instance: { instanceType } })).toEqual([
        {
          path: 'instance.instanceType',
          input: instanceType,
          message: 'has NVMe instance storage: SageMaker refuses a KMS key on the endpoint config for such types and the compliance packs require one; use a type without local storage such as "ml.m5.large" or "ml.c5.xlarge"',
        },
      ]);
    },
  );

  test.each(['ml.m5.large', 'ml.c5.xlarge', 'ml.c6i.large', 'ml.r5.large', 'ml.p2.xlarge', 'ml.p3.2xlarge'])('accepts the instance type %s without local storage', (instanceType) => {
    accepted({ instance: { instanceType } });
  });

  test('fails when an instance endpoint has multi-model settings', () => {
    expect(problems({ multiModel: {} })).toEqual([{ path: 'multiModel', input: { modelCache: true }, message: 'applies to kind "multiModel" only; remove it or set kind "multiModel"' }]);
  });

  test.each(['instance', 'multiModel'])('fails when a %s endpoint leaves the VPC', (kind) => {
    expect(problems({ kind, vpc: false })).toEqual([
      { path: 'vpc', input: false, message: 'cannot be false: instance and multi-model endpoints always run in the stage VPC with network isolation; remove it' },
    ]);
  });

  test('fails when an instance endpoint scales provisioned concurrency', () => {
    expect(problems({ scaling: { provisionedConcurrency: {} } })).toEqual([
      { path: 'scaling.provisionedConcurrency', input: expect.objectContaining({ targetUtilization: 0.7 }), message: 'applies to serverless endpoints only; use scaling.targetTracking for instance endpoints' },
    ]);
  });

  test.each<[number, number]>([
    [2, 10],
    [4, 50],
    [10, 50],
  ])('accepts a canary of exactly half the fleet or less (%d instances, %d %%)', (initialInstanceCount, canaryPercent) => {
    accepted({ instance: { initialInstanceCount }, rollout: { strategy: 'canary', canaryPercent } });
  });

  test.each<[number, number, number, number]>([
    [1, 10, 1, 2],
    [3, 50, 2, 4],
    [5, 50, 3, 6],
  ])('fails when a canary is above half the fleet (%d instances, %d %%)', (initialInstanceCount, canaryPercent, canary, needed) => {
    expect(problems({ instance: { initialInstanceCount }, rollout: { strategy: 'canary', canaryPercent } })).toEqual([
      {
        path: 'rollout.strategy',
        input: 'canary',
        message: `with canaryPercent ${canaryPercent} makes a canary of ${canary} of ${initialInstanceCount} instance(s), above 50 % of the fleet (the SageMaker limit); set instance.initialInstanceCount to ${needed} or more, or use strategy "allAtOnce"`,
      },
    ]);
  });

  test('fails when a rolling update has several variants, and accepts one variant or another strategy', () => {
    expect(problems({ variants: 2, rollout: { strategy: 'rolling' } })).toEqual([
      { path: 'rollout.strategy', input: 'rolling', message: 'cannot be "rolling" with several variants: SageMaker excludes multi-variant endpoints from rolling updates; use "canary", "linear" or "allAtOnce"' },
    ]);
    accepted({ variants: 1, rollout: { strategy: 'rolling' } });
    accepted({ variants: 2, rollout: { strategy: 'allAtOnce' } });
  });

  const tracked = (initialInstanceCount: number, scaling: Doc = { targetTracking: { targetValue: 70 } }) => ({
    instance: { initialInstanceCount },
    scaling: { minCapacity: 2, maxCapacity: 4, ...scaling },
  });

  test.each([2, 3, 4])('accepts an initial count of %d inside the scaling range 2..4, bounds included', (count) => {
    accepted(tracked(count));
  });

  test.each([1, 5])('fails when the initial count %d is outside the scaling range 2..4', (count) => {
    expect(problems(tracked(count))).toEqual([
      { path: 'instance.initialInstanceCount', input: count, message: 'is outside scaling.minCapacity..maxCapacity (2..4); start within the range autoscaling keeps' },
    ]);
  });

  test('checks the initial count against the range whichever way the endpoint scales', () => {
    expect(paths(tracked(5, { stepScaling: { threshold: 80, steps: [{ lower: 0, change: 1 }] } }))).toEqual(['instance.initialInstanceCount']);
    expect(paths(tracked(1, { scheduled: [{ name: 'peak', schedule: 'rate(1 day)', minCapacity: 3 }] }))).toEqual(['instance.initialInstanceCount']);
  });

  test('accepts any initial count when the endpoint does not scale', () => {
    accepted(tracked(1, {}));
    accepted(tracked(6, {}));
  });

  test('checks the initial count against the range when only the explanations per instance scale it', () => {
    const explained = (count: number, explainability: Doc) => ({ ...tracked(count, {}), explainability });
    expect(problems(explained(1, { targetExplanationsPerInstance: 20 }))).toEqual([
      { path: 'instance.initialInstanceCount', input: 1, message: 'is outside scaling.minCapacity..maxCapacity (2..4); start within the range autoscaling keeps' },
    ]);
    expect(problems(explained(5, { targetExplanationsPerInstance: 20 }))).toEqual([
      { path: 'instance.initialInstanceCount', input: 5, message: 'is outside scaling.minCapacity..maxCapacity (2..4); start within the range autoscaling keeps' },
    ]);
    accepted(explained(2, { targetExplanationsPerInstance: 20 }));
    accepted(explained(4, { targetExplanationsPerInstance: 20 }));
    // explainability without the explanations target does not scale the instances
    accepted(explained(1, {}));
    accepted(explained(5, {}));
  });
});

describe('step scaling rules', () => {
  const stepped = (steps: Doc[]) => ({ instance: { initialInstanceCount: 2 }, scaling: { minCapacity: 2, maxCapacity: 4, stepScaling: { threshold: 80, steps } } });
  const at = (i: number, key: string) => `scaling.stepScaling.steps.${i}.${key}`;

  test('accepts contiguous steps from 0, the last one open, in any order', () => {
    accepted(stepped([{ lower: 0, change: 1 }]));
    accepted(stepped([{ lower: 0, upper: 10, change: 1 }, { lower: 10, upper: 30, change: 2 }, { lower: 30, change: 3 }]));
    accepted(stepped([{ lower: 30, change: 3 }, { lower: 0, upper: 10, change: 1 }, { lower: 10, upper: 30, change: 2 }]));
  });

  test('fails when the first step does not start at 0', () => {
    expect(problems(stepped([{ lower: 5, change: 1 }]))).toEqual([
      { path: at(0, 'lower'), input: 5, message: 'leaves a gap: the first step must start at offset 0 (the alarm threshold); set lower to 0' },
    ]);
  });

  test('fails when an upper bound is not above its lower bound, equal included', () => {
    expect(problems(stepped([{ lower: 0, upper: 0, change: 1 }, { lower: 0, change: 2 }]))).toEqual([{ path: at(0, 'upper'), input: 0, message: 'must be above lower (0)' }]);
    expect(paths(stepped([{ lower: 0, upper: 10, change: 1 }, { lower: 10, upper: 5, change: 2 }, { lower: 5, change: 3 }]))).toContain(at(1, 'upper'));
  });

  test('fails when the last step has an upper bound', () => {
    expect(problems(stepped([{ lower: 0, upper: 10, change: 1 }]))).toEqual([
      { path: at(0, 'upper'), input: 10, message: 'must be left out on the last step so that every value above the threshold is covered' },
    ]);
  });

  test('fails when a step before the last has no upper bound', () => {
    expect(problems(stepped([{ lower: 0, change: 1 }, { lower: 20, change: 2 }]))).toEqual([
      { path: at(0, 'upper'), input: undefined, message: 'is missing, so this step overlaps the step starting at 20; set upper to 20' },
    ]);
  });

  test('fails when steps overlap or leave a gap, naming the step as listed', () => {
    expect(problems(stepped([{ lower: 0, upper: 30, change: 1 }, { lower: 20, change: 2 }]))).toEqual([
      { path: at(0, 'upper'), input: 30, message: 'overlaps the next step, which starts at 20; set upper to 20' },
    ]);
    expect(problems(stepped([{ lower: 20, change: 2 }, { lower: 0, upper: 10, change: 1 }]))).toEqual([
      { path: at(1, 'upper'), input: 10, message: 'leaves a gap up to the next step, which starts at 20; set upper to 20' },
    ]);
  });
});

describe('scaling range and schedules', () => {
  const scaling = (extra: Doc) => ({ instance: { initialInstanceCount: 2 }, scaling: { minCapacity: 2, maxCapacity: 4, ...extra } });
  const peak = (extra: Doc) => ({ name: 'peak', schedule: 'rate(1 day)', ...extra });

  test('accepts max capacity equal to min capacity, and fails one below', () => {
    accepted({ instance: { initialInstanceCount: 3 }, scaling: { minCapacity: 3, maxCapacity: 3 } });
    expect(problems({ instance: { initialInstanceCount: 3 }, scaling: { minCapacity: 3, maxCapacity: 2 } })).toEqual([
      { path: 'scaling.maxCapacity', input: 2, message: 'is below minCapacity 3; raise it or lower minCapacity' },
    ]);
  });

  test('accepts scheduled actions that set min, max or both with max not below min', () => {
    accepted(scaling({ scheduled: [peak({ minCapacity: 3 })] }));
    accepted(scaling({ scheduled: [peak({ maxCapacity: 3 })] }));
    accepted(scaling({ scheduled: [peak({ minCapacity: 3, maxCapacity: 3 })] }));
  });

  test('fails when a scheduled action sets no capacity', () => {
    expect(problems(scaling({ scheduled: [peak({})] }))).toEqual([
      { path: 'scaling.scheduled.0', input: expect.objectContaining({ name: 'peak' }), message: 'sets neither minCapacity nor maxCapacity; set one or both' },
    ]);
  });

  test('fails when a scheduled maximum is below its minimum', () => {
    expect(problems(scaling({ scheduled: [peak({ minCapacity: 3, maxCapacity: 2 })] }))).toEqual([
      { path: 'scaling.scheduled.0.maxCapacity', input: 2, message: "is below this action's minCapacity 3" },
    ]);
  });

  test('checks each scheduled action against its own minimum, naming the action as listed', () => {
    const night = (extra: Doc) => ({ name: 'night', schedule: 'rate(1 day)', ...extra });
    expect(problems(scaling({ scheduled: [peak({ minCapacity: 2, maxCapacity: 4 }), night({ minCapacity: 4, maxCapacity: 3 })] }))).toEqual([
      { path: 'scaling.scheduled.1.maxCapacity', input: 3, message: "is below this action's minCapacity 4" },
    ]);
    accepted(scaling({ scheduled: [peak({ minCapacity: 2, maxCapacity: 4 }), night({ minCapacity: 4, maxCapacity: 4 })] }));
    // one action's minimum is not compared with another action's maximum
    accepted(scaling({ scheduled: [peak({ minCapacity: 4 }), night({ maxCapacity: 1 })] }));
  });

  test('fails when two scheduled actions share a name, on the second only', () => {
    const scheduled = [peak({ minCapacity: 3 }), { name: 'night', schedule: 'rate(1 day)', maxCapacity: 2 }, peak({ minCapacity: 2, schedule: 'rate(2 days)' })];
    expect(problems(scaling({ scheduled }))).toEqual([
      { path: 'scaling.scheduled.2.name', input: 'peak', message: 'repeats the name of another scheduled action; give each a different name' },
    ]);
  });
});

describe('one model or a list of models, by endpoint kind', () => {
  test('accepts model on instance and serverless endpoints, and models on a multi-model endpoint', () => {
    accepted({ model: 'x' });
    accepted(serverless({ model: 'x' }));
    accepted({ kind: 'multiModel', models: ['x', 'y'] });
  });

  test('fails when a multi-model endpoint names one model', () => {
    expect(problems({ kind: 'multiModel', model: 'x' })).toEqual([
      { path: 'model', input: 'x', message: 'applies to instance and serverless endpoints, which serve one model; a multi-model endpoint serves a list: write models: ["x"] instead' },
    ]);
  });

  test.each<[string, Doc, string]>([
    ['an instance', {}, 'an instance'],
    ['a serverless', { kind: 'serverless' }, 'a serverless'],
  ])('fails when %s endpoint lists models, suggesting the first', (_, doc, article) => {
    expect(problems({ ...doc, models: ['x', 'y'] })).toEqual([
      { path: 'models', input: ['x', 'y'], message: `applies to kind "multiModel" only: ${article} endpoint serves one model; write model: "x" instead, or set kind "multiModel"` },
    ]);
  });
});

describe('explainability by endpoint kind', () => {
  /** the parsed explainability of `{ numberOfSamples: 50 }`: the schema's defaults filled in. */
  const explainability = { numberOfSamples: 50, useLogit: false, enableExplanations: '`true`', labels: ['setosa', 'versicolor', 'virginica'], maxRecordCount: 100 };

  test('accepts explainability on an instance endpoint', () => {
    accepted({ explainability: { numberOfSamples: 50 } });
    accepted({ explainability: {} });
  });

  test('fails when a serverless endpoint is explained', () => {
    expect(problems(serverless({ explainability: { numberOfSamples: 50 } }))).toEqual([
      {
        path: 'explainability',
        input: explainability,
        message: 'cannot be set on a serverless endpoint: the SageMaker Clarify explainer runs on the endpoint\'s instances next to the model, and online explainability is offered for real-time (instance) endpoints; use kind "instance" or remove explainability',
      },
    ]);
    accepted(serverless());
  });

  test('fails when a multi-model endpoint is explained', () => {
    expect(problems({ kind: 'multiModel', explainability: { numberOfSamples: 50 } })).toEqual([
      {
        path: 'explainability',
        input: explainability,
        message:
          'cannot be set on a multi-model endpoint here: the explainer config is one per endpoint, with one SHAP baseline and one set of feature and label headers for every model it serves, which cannot fit a catalogue of different models; explain a model on an instance endpoint that serves it (endpoint.model), or remove explainability',
      },
    ]);
    accepted({ kind: 'multiModel' });
  });
});

describe('monitoring rules', () => {
  const capture = { enabled: true, captureRequest: true, captureResponse: true };
  const monitored = (extra: Doc, monitoring: Doc = {}) => ({ ...extra, monitoring: { enabled: true, ...monitoring } });
  const NO_CAPTURE = 'needs data capture: Model Monitor analyses the captured traffic; set dataCapture.enabled to true (with captureRequest and captureResponse), or set monitoring.enabled to false';
  const ONE_SIDE =
    'needs both requests and responses captured: the data-quality baseline has the label first and the features after it, and Model Monitor compares it with each captured response followed by its request; set dataCapture.captureRequest and dataCapture.captureResponse to true, or set monitoring.enabled to false';

  test('accepts monitoring of an instance endpoint that captures requests and responses', () => {
    accepted(monitored({ dataCapture: capture }));
    accepted(monitored({ dataCapture: capture }, { schedule: 'hourly' }));
  });

  test.each<[string, Doc, string]>([
    ['a serverless endpoint', { kind: 'serverless' }, 'cannot be true for a serverless endpoint: serverless inference supports neither data capture nor Model Monitor; use kind "instance" with dataCapture.enabled, or set monitoring.enabled to false'],
    [
      'a multi-model endpoint with full capture',
      { kind: 'multiModel', dataCapture: capture },
      'cannot be true for a multi-model endpoint: Model Monitor supports only endpoints that host a single model; monitor the model on an instance endpoint that serves it (endpoint.model), or set monitoring.enabled to false',
    ],
    ['an instance endpoint without data capture', {}, NO_CAPTURE],
    ['an instance endpoint with data capture off', { dataCapture: { ...capture, enabled: false } }, NO_CAPTURE],
    ['an instance endpoint capturing requests only', { dataCapture: { ...capture, captureResponse: false } }, ONE_SIDE],
    ['an instance endpoint capturing responses only', { dataCapture: { ...capture, captureRequest: false } }, ONE_SIDE],
  ])('fails when monitoring is on for %s, reporting enabled: true', (_, endpoint, message) => {
    expect(problems(monitored(endpoint))).toEqual([{ path: 'monitoring.enabled', input: true, message }]);
  });

  test('leaves every endpoint alone while monitoring is off', () => {
    accepted(serverless({ monitoring: { enabled: false } }));
    accepted({ kind: 'multiModel', monitoring: { enabled: false } });
    accepted({ monitoring: { enabled: false } });
    accepted({ monitoring: { enabled: false, schedule: 'daily', evaluationPeriods: 8 } });
  });

  test('accepts 7 daily evaluation periods, and fails 8; an hourly schedule allows more', () => {
    accepted(monitored({ dataCapture: capture }, { schedule: 'daily', evaluationPeriods: 7 }));
    expect(problems(monitored({ dataCapture: capture }, { schedule: 'daily', evaluationPeriods: 8 }))).toEqual([
      {
        path: 'monitoring.evaluationPeriods',
        input: 8,
        message: 'must be at most 7 with a daily schedule: a CloudWatch alarm evaluates at most seven days; lower it or use schedule "hourly"',
      },
    ]);
    accepted(monitored({ dataCapture: capture }, { schedule: 'hourly', evaluationPeriods: 8 }));
  });
});

describe('data capture and rollout time', () => {
  test('accepts data capture of requests only or responses only, and fails when it captures neither', () => {
    accepted({ dataCapture: { enabled: true, captureRequest: true, captureResponse: false } });
    accepted({ dataCapture: { enabled: true, captureRequest: false, captureResponse: true } });
    accepted({ dataCapture: { enabled: false, captureRequest: false, captureResponse: false } });
    expect(problems({ dataCapture: { enabled: true, captureRequest: false, captureResponse: false } })).toEqual([
      {
        path: 'dataCapture',
        input: expect.objectContaining({ enabled: true }),
        message: 'captures neither requests nor responses; set captureRequest and/or captureResponse, or enabled: false',
      },
    ]);
  });

  test.each<[string, Doc, number]>([
    ['allAtOnce', { strategy: 'allAtOnce', bakeSeconds: 300, finalBakeSeconds: 600 }, 900],
    ['canary', { strategy: 'canary', bakeSeconds: 400, finalBakeSeconds: 600 }, 1000],
    ['linear', { strategy: 'linear', bakeSeconds: 600, linearStepPercent: 20, finalBakeSeconds: 600 }, 3600],
    ['rolling', { strategy: 'rolling', bakeSeconds: 300, rollingBatchPercent: 25, finalBakeSeconds: 600 }, 1200],
  ])('a %s rollout must take longer than its bake times: equal fails, one second more passes', (strategy, rollout, waits) => {
    const endpoint = (maxExecutionSeconds: number) => ({ instance: { initialInstanceCount: 4 }, rollout: { ...rollout, maxExecutionSeconds } });
    expect(problems(endpoint(waits))).toEqual([
      {
        path: 'rollout.maxExecutionSeconds',
        input: waits,
        message: `must exceed the ${waits} seconds the ${strategy} rollout waits in bake times; raise it or shorten bakeSeconds/finalBakeSeconds`,
      },
    ]);
    accepted(endpoint(waits + 1));
  });
});

describe('rollout wait and scaling helpers', () => {
  const rollout = (extra: Partial<RolloutConfig>): RolloutConfig => ({
    strategy: 'allAtOnce',
    canaryPercent: 10,
    linearStepPercent: 30,
    rollingBatchPercent: 30,
    bakeSeconds: 100,
    finalBakeSeconds: 50,
    maxExecutionSeconds: 3600,
    ...extra,
  });

  test('counts whole steps: a 30 % step or batch takes four', () => {
    expect(rolloutWaitSeconds(rollout({ strategy: 'linear' }))).toBe(450);
    expect(rolloutWaitSeconds(rollout({ strategy: 'rolling' }))).toBe(400);
  });

  test('blue/green all at once and canary wait one bake and the final bake', () => {
    expect(rolloutWaitSeconds(rollout({ strategy: 'allAtOnce' }))).toBe(150);
    expect(rolloutWaitSeconds(rollout({ strategy: 'canary' }))).toBe(150);
  });

  const noScaling = { minCapacity: 1, maxCapacity: 4, scheduled: [] };
  test('instances scale with a policy or a schedule, never on a serverless endpoint', () => {
    expect(scalesInstances({ kind: 'instance', scaling: noScaling })).toBe(false);
    expect(scalesInstances({ kind: 'instance', scaling: { ...noScaling, targetTracking: {} as never } })).toBe(true);
    expect(scalesInstances({ kind: 'multiModel', scaling: { ...noScaling, stepScaling: {} as never } })).toBe(true);
    expect(scalesInstances({ kind: 'instance', scaling: { ...noScaling, scheduled: [{}] as never } })).toBe(true);
    expect(scalesInstances({ kind: 'serverless', scaling: { ...noScaling, targetTracking: {} as never, scheduled: [{}] as never } })).toBe(false);
  });

  test('instances scale on the explanations per instance when that target is set, never on a serverless endpoint', () => {
    expect(scalesInstances({ kind: 'instance', scaling: noScaling, explainability: { targetExplanationsPerInstance: 20 } })).toBe(true);
    expect(scalesInstances({ kind: 'multiModel', scaling: noScaling, explainability: { targetExplanationsPerInstance: 20 } })).toBe(true);
    expect(scalesInstances({ kind: 'instance', scaling: noScaling, explainability: {} })).toBe(false);
    expect(scalesInstances({ kind: 'instance', scaling: noScaling, explainability: undefined })).toBe(false);
    expect(scalesInstances({ kind: 'serverless', scaling: noScaling, explainability: { targetExplanationsPerInstance: 20 } })).toBe(false);
  });

  test.each<['instance' | 'serverless' | 'multiModel', boolean]>([
    ['instance', true],
    ['multiModel', true],
    ['serverless', false],
  ])('whether an endpoint of kind %s runs in the stage VPC: %s', (kind, inVpc) => {
    expect(endpointInVpc({ kind })).toBe(inVpc);
  });
});
