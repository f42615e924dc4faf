import { formatProblem } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { defaultRolloutStrategy } from '../../config/endpoint-schema';
import { instanceTypeProblem, instanceTypesFor } from '../../config/instance-types';
import { boundedMetric, metricThresholdProblem } from '../../config/metric-bounds';
import { MAX_MODELS } from '../../config/model-catalogue-schema';
import { regionProblem } from '../../config/regions';
import { resolveConfig } from '../../config/resolve-config';
import { MAX_STEP_WAIT_SECONDS, effectiveMaxWaitSeconds, hasInstanceStorage } from '../../config/training-schema';
import { baseDocument } from '../helpers/test-config';

type Doc = Record<string, unknown>;

/** every problem of the base document with `overrides` merged in, as printed (empty when accepted). */
function problems(overrides: Doc, base: Doc = baseDocument()): string[] {
  const result = resolveConfig(deepMerge(base, overrides));
  return result.ok ? [] : result.problems.map(formatProblem);
}
/** the problems at one path. */
const at = (path: string, overrides: Doc, base?: Doc) => problems(overrides, base).filter((p) => p.startsWith(`${path}:`) || p.startsWith(`${path} `));
const stage = (extra: Doc) => ({ stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], ...extra }] });
const channels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, { prefix: `data/c${i}/`, dataVersion: 'v1' }]));

describe('network: the CIDR block', () => {
  test('accepts octets of 255 and prefixes from /16 to /24', () => {
    for (const cidr of ['10.255.0.0/16', '255.0.0.0/24', '10.20.0.0/20']) expect(problems({ defaults: { network: { cidr } } })).toEqual([]);
  });

  test('fails when an octet is 256, naming it', () => {
    expect(at('defaults.network.cidr', { defaults: { network: { cidr: '10.256.0.0/16' } } })).toEqual(['defaults.network.cidr (inherited by stage "Staging"): "10.256.0.0/16" has an octet above 255']);
    expect(at('defaults.network.cidr', { defaults: { network: { cidr: '10.0.0.256/16' } } })).toHaveLength(1);
  });

  test.each(['10.0.0.0/15', '10.0.0.0/25'])('fails when the prefix of %s is outside /16../24', (cidr) => {
    expect(at('defaults.network.cidr', { defaults: { network: { cidr } } })).toEqual([`defaults.network.cidr (inherited by stage "Staging"): "${cidr}" must have a prefix length from /16 to /24 (VPC limits leave room for two or more /27+ subnets)`]);
  });

  test('accepts each retention CloudWatch Logs offers and fails on another', () => {
    expect(problems({ defaults: { network: { flowLogRetentionDays: 3653 } } })).toEqual([]);
    expect(at('defaults.network.flowLogRetentionDays', { defaults: { network: { flowLogRetentionDays: 364 } } })[0]).toContain('must be one of the retention periods CloudWatch Logs accepts: 1, 3, 5');
  });
});

describe('stages: regions and names', () => {
  test('accepts two different regions, fails when a region repeats', () => {
    expect(problems(stage({ regions: ['eu-west-1', 'eu-central-1'] }))).toEqual([]);
    expect(at('stages[0].regions', stage({ regions: ['eu-west-1', 'eu-west-1'] }))[0]).toContain('lists a region twice; list each region once');
  });

  test('fails when a region does not exist, naming the closest one', () => {
    expect(at('stages[0].regions[0]', stage({ regions: ['eu-west-9'] }))[0]).toMatch(/^stages\[0\]\.regions\[0\]: "eu-west-9" is not an AWS region name \(did you mean "eu-west-\d"\?\); use one such as/);
  });

  test('accepts stage names that differ, fails when two differ only in case, pointing at the first', () => {
    const two = (second: string) => ({ stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'] }, { name: second, account: '333333333333', regions: ['eu-west-1'] }] });
    expect(problems(two('Prod'))).toEqual([]);
    expect(at('stages[1].name', two('STAGING'))).toEqual(['stages[1].name: "STAGING" repeats the name of stages[0]; give every stage a different name']);
  });

  test('points a third repeat at the first stage too', () => {
    const doc = { stages: ['Staging', 'Prod', 'Staging'].map((name, i) => ({ name, account: `${i + 2}`.repeat(12), regions: ['eu-west-1'] })) };
    expect(at('stages[2].name', doc)).toEqual(['stages[2].name: "Staging" repeats the name of stages[0]; give every stage a different name']);
  });
});

describe('endpoint: serverless memory and the models served', () => {
  test('accepts 1024 and 6144 MB, fails on a size between steps', () => {
    for (const memorySizeMb of [1024, 6144]) expect(problems(stage({ endpoint: { kind: 'serverless', serverless: { memorySizeMb } } }))).toEqual([]);
    expect(at('stages[0].endpoint.serverless.memorySizeMb', stage({ endpoint: { kind: 'serverless', serverless: { memorySizeMb: 1536 } } }))[0]).toContain('is not one of 1024, 2048, 3072, 4096, 5120, 6144');
  });

  test('fails when a multi-model endpoint lists a model twice', () => {
    const doc = { models: { a: {}, b: {} }, ...stage({ endpoint: { kind: 'multiModel', models: ['a', 'a'] } }) };
    expect(at('stages[0].endpoint.models', doc)[0]).toContain('lists a model twice; list each model once');
    expect(at('stages[0].endpoint.models', { ...doc, ...stage({ endpoint: { kind: 'multiModel', models: ['a', 'b'] } }) })).toEqual([]);
  });
});

describe('the default rollout strategy', () => {
  test('is a canary for a production instance endpoint of two or more instances, all at once otherwise', () => {
    expect(defaultRolloutStrategy('production', { instance: { initialInstanceCount: 2 } })).toBe('canary');
    expect(defaultRolloutStrategy('production', { kind: 'multiModel', instance: { initialInstanceCount: 3 } })).toBe('canary');
    expect(defaultRolloutStrategy('production', { instance: { initialInstanceCount: 1 } })).toBe('allAtOnce');
    expect(defaultRolloutStrategy('production', {})).toBe('allAtOnce');
    expect(defaultRolloutStrategy('production', { instance: { initialInstanceCount: '2' } })).toBe('allAtOnce');
    expect(defaultRolloutStrategy('production', { instance: [2] })).toBe('allAtOnce');
    expect(defaultRolloutStrategy('production', { kind: 'serverless', instance: { initialInstanceCount: 2 } })).toBe('allAtOnce');
    expect(defaultRolloutStrategy('staging', { instance: { initialInstanceCount: 4 } })).toBe('allAtOnce');
  });

  test('is filled in for a production stage that names none, and a strategy given is kept', () => {
    const prod = (endpoint: Doc) => ({ stages: [{ name: 'Prod', account: '222222222222', regions: ['eu-west-1'], environment: 'production', endpoint }] });
    const strategy = (doc: Doc) => {
      const result = resolveConfig(deepMerge(baseDocument(), doc));
      return result.ok ? result.config.stages[0].endpoint.rollout.strategy : result.problems.map(formatProblem);
    };
    const scaled = { instance: { initialInstanceCount: 2 }, scaling: { minCapacity: 2, maxCapacity: 4, targetTracking: { targetValue: 100 } } };
    expect(strategy(prod(scaled))).toBe('canary');
    expect(strategy(prod({ ...scaled, rollout: { strategy: 'allAtOnce' } }))).toBe('allAtOnce');
    expect(strategy(prod({ ...scaled, rollout: { bakeSeconds: 600 } }))).toBe('canary');
  });
});

describe('models: the catalogue size', () => {
  test(`accepts one and ${MAX_MODELS} models, fails on none and on ${MAX_MODELS + 1}`, () => {
    const catalogue = (n: number) => ({ models: Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, {}])) });
    expect(at('models', catalogue(1))).toEqual([]);
    expect(at('models', catalogue(MAX_MODELS))).toEqual([]);
    expect(at('models', catalogue(0))[0]).toContain(`must list 1 to ${MAX_MODELS} models`);
    expect(at('models', catalogue(MAX_MODELS + 1))[0]).toContain(`must list 1 to ${MAX_MODELS} models`);
  });
});

describe('source: reviewers', () => {
  test('accepts reviewers for a created repository, fails for an existing one', () => {
    const reviewers = ['arn:aws:iam::111111111111:role/Reviewer'];
    expect(problems({ source: { create: true, reviewers } })).toEqual([]);
    expect(at('source.reviewers', { source: { create: false, reviewers } })[0]).toContain('applies only to a repository the stack creates (create: true)');
    expect(problems({ source: { create: false } })).toEqual([]);
  });
});

describe('training: the counted limits', () => {
  test('accepts 99 hyperparameters and fails on 100 (the pipeline adds one)', () => {
    const hp = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}`, '1']));
    expect(at('training.hyperparameters', { training: { hyperparameters: hp(99) } })).toEqual([]);
    expect(at('training.hyperparameters', { training: { hyperparameters: hp(100) } })[0]).toContain('has more than 99 entries');
  });

  test('accepts 1 and 20 channels, fails on 21', () => {
    expect(at('training.channels', { training: { channels: channels(1) } })).toEqual([]);
    expect(at('training.channels', { training: { channels: channels(20) } })).toEqual([]);
    expect(at('training.channels', { training: { channels: channels(21) } })[0]).toContain('must list 1 to 20 channels');
  });

  test('accepts a gated metric that is one of the definitions', () => {
    expect(problems({ training: { metricDefinitions: [{ name: 'loss', regex: 'l=(.*)' }, { name: 'validation:accuracy', regex: 'a=(.*)' }] } })).toEqual([]);
    expect(at('training.metric.name', { training: { metricDefinitions: [{ name: 'loss', regex: 'l' }, { name: 'f1', regex: 'f' }] } })).toEqual([
      'training.metric.name is not one of metricDefinitions (loss, f1); gate on a metric the container prints',
    ]);
  });

  test('fails when a bounded metric\'s threshold is a percentage, suggesting the fraction', () => {
    expect(at('training.metric.threshold', { training: { metric: { threshold: 95 } } })).toEqual([
      'training.metric.threshold: 95 is outside 0..1, the range of accuracy (validation:accuracy): write a percentage as a fraction (did you mean 0.95?); set a threshold from 0 to 1, e.g. 0.9',
    ]);
  });
});

describe('training: waits at their limits', () => {
  test('accepts a spot wait of exactly the step\'s limit and fails one second over, naming the limit', () => {
    expect(problems({ training: { maxRuntimeSeconds: 3600, maxWaitSeconds: MAX_STEP_WAIT_SECONDS } })).toEqual([]);
    expect(at('training.maxWaitSeconds', { training: { maxRuntimeSeconds: 3600, maxWaitSeconds: MAX_STEP_WAIT_SECONDS + 1 } })).toEqual([
      `training.maxWaitSeconds: ${MAX_STEP_WAIT_SECONDS + 1} lets the job run longer than the pipeline's training step can wait (CodeBuild builds last at most 36 hours, 30 minutes go to setup); set maxWaitSeconds to at most ${MAX_STEP_WAIT_SECONDS}`,
    ]);
  });

  test('accepts an on-demand runtime of exactly the limit and fails one second over', () => {
    expect(problems({ training: { spot: false, maxRuntimeSeconds: MAX_STEP_WAIT_SECONDS } })).toEqual([]);
    expect(at('training.maxRuntimeSeconds', { training: { spot: false, maxRuntimeSeconds: MAX_STEP_WAIT_SECONDS + 1 } })[0]).toContain(`set maxRuntimeSeconds to at most ${MAX_STEP_WAIT_SECONDS}`);
    expect(at('training.maxRuntimeSeconds', { training: { spot: false, maxRuntimeSeconds: MAX_STEP_WAIT_SECONDS + 1 } })[0]).not.toContain('defaults to twice');
  });

  test('accepts a default wait of exactly the limit (half of it as runtime) and fails one second of runtime more', () => {
    expect(problems({ training: { maxRuntimeSeconds: MAX_STEP_WAIT_SECONDS / 2 } })).toEqual([]);
    expect(at('training.maxWaitSeconds', { training: { maxRuntimeSeconds: MAX_STEP_WAIT_SECONDS / 2 + 1 } })[0]).toContain('(it defaults to twice maxRuntimeSeconds)');
  });

  test('fails when a spot wait is one second shorter than the runtime, suggesting twice the runtime', () => {
    expect(at('training.maxWaitSeconds', { training: { maxRuntimeSeconds: 3600, maxWaitSeconds: 3599 } })).toEqual([
      'training.maxWaitSeconds: 3599 is less than maxRuntimeSeconds (3600); managed spot waits for capacity and trains within maxWaitSeconds, so set it to at least 3600, e.g. 7200',
    ]);
  });

  test('caps the default wait at 28 days', () => {
    expect(effectiveMaxWaitSeconds({ spot: true, maxRuntimeSeconds: 2_000_000, maxWaitSeconds: undefined })).toBe(2_419_200);
    expect(effectiveMaxWaitSeconds({ spot: true, maxRuntimeSeconds: 1_209_600, maxWaitSeconds: undefined })).toBe(2_419_200);
    expect(effectiveMaxWaitSeconds({ spot: true, maxRuntimeSeconds: 100, maxWaitSeconds: 150 })).toBe(150);
  });
});

describe('instance storage', () => {
  test('is read from the family: a d in its options, or the families with NVMe storage', () => {
    expect(['ml.m5d.large', 'ml.c5d.xlarge', 'ml.g4dn.xlarge', 'ml.p4d.24xlarge', 'ml.r5dn.large', 'ml.g5.xlarge', 'ml.trn1.2xlarge', 'ml.inf2.xlarge'].every(hasInstanceStorage)).toBe(true);
    expect(['ml.m5.large', 'ml.c5.xlarge', 'ml.g4.xlarge', 'ml.p3.2xlarge', 'ml.d5', 'ml', 'ml.trn3.large'].some(hasInstanceStorage)).toBe(false);
  });
});

describe('metric bounds', () => {
  test('reads the last word after any separator, in any case', () => {
    expect(['a-b/Accuracy', 'x.y.AUC', 'F1', 'validation:precision'].map(boundedMetric)).toEqual(['accuracy', 'auc', 'f1', 'precision']);
    expect(['', 'accuracy:loss', 'accuracyx'].map(boundedMetric)).toEqual([undefined, undefined, undefined]);
  });

  test('hints at a fraction from just above 1 up to 100, and not above 100 or below 0', () => {
    expect(metricThresholdProblem('f1', 100)).toBe('is outside 0..1, the range of f1 (f1): write a percentage as a fraction (did you mean 1?); set a threshold from 0 to 1, e.g. 0.9');
    expect(metricThresholdProblem('f1', 1.5)).toContain('(did you mean 0.015?)');
    expect(metricThresholdProblem('f1', 100.5)).toBe('is outside 0..1, the range of f1 (f1); set a threshold from 0 to 1, e.g. 0.9');
    expect(metricThresholdProblem('f1', -0.01)).toBe('is outside 0..1, the range of f1 (f1); set a threshold from 0 to 1, e.g. 0.9');
  });
});

describe('instance types: every use', () => {
  test('lists the CPU endpoint types for multi-model endpoints, without any accelerated family', () => {
    const multi = instanceTypesFor('multiModel');
    expect(multi).toContain('ml.m5.large');
    expect(multi.some((t) => /^ml\.(p\d|g\d|inf\d|trn\d|dl\d)/.test(t))).toBe(false);
    expect(instanceTypesFor('realTime').filter((t) => !multi.includes(t)).every((t) => /^ml\.(p\d|g\d|inf\d|trn\d|dl\d)/.test(t))).toBe(true);
  });

  test('accepts a GPU type for a multi-model endpoint here (the endpoint rules say why not)', () => {
    const gpu = instanceTypesFor('realTime').find((t) => t.startsWith('ml.g5.'));
    expect(gpu && instanceTypeProblem('multiModel', gpu)).toBeUndefined();
  });

  test('names the use and an example of it for each use', () => {
    expect(instanceTypeProblem('realTime', 'ml.zz9.huge')).toMatch(/^is not a SageMaker real-time endpoint instance type.*; use one the SageMaker API lists, e.g. "ml\.m5\.large" or "ml\.c5\.xlarge"$/);
    expect(instanceTypeProblem('multiModel', 'ml.zz9.huge')).toMatch(/^is not a CPU instance type SageMaker offers for endpoints.*e\.g\. "ml\.m5\.large" or "ml\.c5\.xlarge"$/);
    expect(instanceTypeProblem('training', 'ml.zz9.huge')).toMatch(/^is not a SageMaker training instance type.*e\.g\. "ml\.m5\.large" or "ml\.c5\.2xlarge"$/);
  });

  test('says when a type belongs to the other use', () => {
    const endpointOnly = instanceTypesFor('realTime').find((t) => !instanceTypesFor('training').includes(t)) ?? '';
    const trainingOnly = instanceTypesFor('training').find((t) => !instanceTypesFor('realTime').includes(t)) ?? '';
    expect(instanceTypeProblem('training', endpointOnly)).toMatch(/^is an endpoint instance type, but not a SageMaker training instance type/);
    expect(instanceTypeProblem('realTime', trainingOnly)).toMatch(/^is a training instance type, but not a SageMaker real-time endpoint instance type/);
    expect(instanceTypeProblem('multiModel', trainingOnly)).toMatch(/^is a training instance type, but not a CPU instance type SageMaker offers for endpoints/);
  });

  test('suggests the type with the ml. prefix added, and does not add it twice', () => {
    expect(instanceTypeProblem('realTime', 'm5.large')).toContain('(did you mean "ml.m5.large"?)');
    expect(instanceTypeProblem('realTime', 'ml.m5.larg')).toContain('(did you mean "ml.m5.large"?)');
  });
});

describe('regions', () => {
  test('accepts a known region and names the closest one of a typo', () => {
    expect(regionProblem('us-gov-west-1')).toBeUndefined();
    expect(regionProblem('eu-wset-1')).toBe('is not an AWS region name (did you mean "eu-west-1"?); use one such as "eu-west-1", "us-east-1" or "ap-southeast-2"');
  });
});
