import { ProductionVariantInstanceType, TrainingInstanceType } from '@aws-sdk/client-sagemaker';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { closestMatch } from '../../config/did-you-mean';
import { instanceTypeProblem, instanceTypesFor } from '../../config/instance-types';
import { boundedMetric, metricThresholdProblem } from '../../config/metric-bounds';
import { KNOWN_REGIONS, regionProblem } from '../../config/regions';

describe('instance types, from the SageMaker SDK\'s own enums', () => {
  test('accepts exactly the production-variant types for real-time endpoints and the training types for training', () => {
    expect([...instanceTypesFor('realTime')].sort()).toEqual(Object.values(ProductionVariantInstanceType).sort());
    expect([...instanceTypesFor('training')].sort()).toEqual(Object.values(TrainingInstanceType).sort());
    expect(Object.values(ProductionVariantInstanceType).filter((t) => instanceTypeProblem('realTime', t))).toEqual([]);
    expect(Object.values(TrainingInstanceType).filter((t) => instanceTypeProblem('training', t))).toEqual([]);
  });

  test('offers only CPU types to multi-model endpoints', () => {
    const types = instanceTypesFor('multiModel');
    expect(types).toContain('ml.m5.large');
    expect(types.filter((t) => /^ml\.(p\d|g\d|inf\d|trn\d)/.test(t))).toEqual([]);
  });

  test('fails when a type is valid for another use only, and says which', () => {
    expect(instanceTypeProblem('training', 'ml.inf1.xlarge')).toMatch(/^is an endpoint instance type, but not a SageMaker training instance type/);
    expect(instanceTypeProblem('realTime', 'ml.c5n.xlarge')).toMatch(/^is a training instance type, but not a SageMaker real-time endpoint instance type/);
  });

  test('suggests the closest type of the use: ml.c5.larg -> ml.c5.large', () => {
    expect(instanceTypeProblem('realTime', 'ml.c5.larg')).toContain('(did you mean "ml.c5.large"?)');
    expect(instanceTypeProblem('realTime', 'ML.C5.LARGE')).toContain('(did you mean "ml.c5.large"?)');
  });

  test('compares a typo that already starts with ml. as typed: ml.m5.xlrg is 2 edits from ml.m5.xlarge', () => {
    // with a second "ml." in front it would be 5 edits away, too far for a suggestion
    expect(instanceTypeProblem('training', 'ml.m5.xlrg')).toContain('(did you mean "ml.m5.xlarge"?)');
    // and one without the prefix gets it: m5.xlarge is ml.m5.xlarge
    expect(instanceTypeProblem('training', 'm5.xlarge')).toContain('(did you mean "ml.m5.xlarge"?)');
  });
});

describe('regions, from aws-cdk-lib\'s region facts', () => {
  test('knows every region aws-cdk-lib knows, and nothing else', () => {
    expect(KNOWN_REGIONS).toEqual(RegionInfo.regions.map((r) => r.name));
    expect(KNOWN_REGIONS.filter((r) => regionProblem(r))).toEqual([]);
  });

  test('fails when a region does not exist, suggesting the closest one', () => {
    expect(regionProblem('eu-west-9')).toContain('(did you mean "eu-west-1"?)');
    expect(regionProblem('mars-1')).not.toContain('did you mean');
  });
});

describe('metric thresholds', () => {
  test('bounds accuracy, f1, auc, precision and recall, whatever the channel prefix, and nothing else', () => {
    expect(['validation:accuracy', 'train:f1', 'validation_auc', 'test.precision', 'recall'].map(boundedMetric)).toEqual(['accuracy', 'f1', 'auc', 'precision', 'recall']);
    expect(['validation:loss', 'validation:rmse', 'accuracy_gain'].map(boundedMetric)).toEqual([undefined, undefined, undefined]);
  });

  test('fails when a bounded threshold is out of [0, 1], and accepts its ends', () => {
    expect(metricThresholdProblem('validation:accuracy', 0)).toBeUndefined();
    expect(metricThresholdProblem('validation:accuracy', 1)).toBeUndefined();
    expect(metricThresholdProblem('validation:accuracy', 1.01)).toContain('outside 0..1');
    expect(metricThresholdProblem('validation:loss', 90)).toBeUndefined();
  });
});

describe('did you mean', () => {
  test('suggests only what is close enough, without regard to case', () => {
    expect(closestMatch('regoins', ['regions', 'account'])).toBe('regions');
    expect(closestMatch('ACCOUNT', ['regions', 'account'])).toBe('account');
    expect(closestMatch('zzzzzzz', ['regions', 'account'])).toBeUndefined();
  });
});
