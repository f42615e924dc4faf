import { App } from 'aws-cdk-lib';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTAINER_IMAGES } from '../../containers/images';
import type { ContainerImageSource } from '../../containers/images';
import { imageFingerprintFromUri, modelDefinitionFor, modelKeyFor } from '../../config/model-definition';
import { modelArtifactKey, trainingIdentity } from '../../config/training-identity';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';

const HASH = 'b'.repeat(64);
const keyOf = (overrides: Record<string, unknown> = {}, hash = HASH) => modelKeyFor(testConfig(overrides), hash);
const base = keyOf();

describe('training identity from the config', () => {
  test.each<[string, Record<string, unknown>]>([
    ['a hyperparameter changes', { training: { hyperparameters: { epochs: '61' } } }],
    ['a hyperparameter is added', { training: { hyperparameters: { epochs: '60', learning_rate: '0.1', batch_size: '16', seed: '42', feature_names: 'sepal_length,sepal_width,petal_length,petal_width', l2: '0.001' } } }],
    ['the instance type changes', { training: { instanceType: 'ml.c5.xlarge' } }],
    ['the instance count changes (distributed training)', { training: { instanceCount: 2 } }],
    ['the volume size changes', { training: { volumeSizeGb: 20 } }],
    ['a channel declares a new data version', { training: { channels: { train: { prefix: 'iris/v1/train/', dataVersion: 'iris-v2' }, validation: { prefix: 'iris/v1/validation/', dataVersion: 'iris-v1' } } } }],
    ['a channel reads another prefix', { training: { channels: { train: { prefix: 'iris/v2/train/', dataVersion: 'iris-v1' }, validation: { prefix: 'iris/v1/validation/', dataVersion: 'iris-v1' } } } }],
    ['a channel is sharded', { training: { channels: { train: { prefix: 'iris/v1/train/', dataVersion: 'iris-v1', distribution: 'ShardedByS3Key' }, validation: { prefix: 'iris/v1/validation/', dataVersion: 'iris-v1' } } } }],
    ['the input mode changes', { training: { inputMode: 'FastFile' } }],
    ['the training-data bucket changes with the tooling account', { tooling: { account: '999999999999', region: 'eu-west-1' } }],
  ])('moves when %s', (_what, overrides) => {
    expect(keyOf(overrides)).not.toBe(base);
  });

  test('moves when the training image changes', () => {
    expect(keyOf({}, 'c'.repeat(64))).not.toBe(base);
  });

  test.each<[string, Record<string, unknown>]>([
    ['spot is turned off', { training: { spot: false } }],
    ['the runtime and wait limits change', { training: { maxRuntimeSeconds: 7200, maxWaitSeconds: 14400 } }],
    ['retries change', { training: { retries: 5 } }],
    ['the checkpoint cadence changes', { training: { checkpointEveryEpochs: 10 } }],
    ['the metric threshold changes', { training: { metric: { threshold: 0.95 } } }],
    ['endpoint scaling changes', { stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint: { scaling: { minCapacity: 2, maxCapacity: 8 } } }] }],
    ['a stage is added', { stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'] }, { name: 'Prod', account: '333333333333', regions: ['eu-west-1'] }] }],
    ['the smoke-test threshold changes', { stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], smokeTest: { p99LatencyMs: 900 } }] }],
  ])('stays when %s', (_what, overrides) => {
    expect(keyOf(overrides)).toBe(base);
  });

  test('does not depend on the order of channels in the file', () => {
    const reordered = { training: { channels: { validation: { prefix: 'iris/v1/validation/', dataVersion: 'iris-v1' }, train: { prefix: 'iris/v1/train/', dataVersion: 'iris-v1' } } } };
    expect(keyOf(reordered)).toBe(base);
  });

  test('is what the training step computes from the image URI it is given', () => {
    const config = testConfig();
    const uri = `111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:${HASH}`;
    expect(modelArtifactKey(trainingIdentity(modelDefinitionFor(config, imageFingerprintFromUri(uri))))).toBe(base);
  });

  test('fails when the image fingerprint is not an asset hash', () => {
    expect(() => keyOf({}, 'latest')).toThrow('training image fingerprint "latest" is not a 64-character CDK asset hash');
  });

  test.each([
    ['a prefix before the hash', `sha256:${HASH}`],
    ['a suffix after the hash', `${HASH}-dirty`],
    ['upper-case hex', HASH.toUpperCase()],
  ])('fails when the image fingerprint has %s', (_what, fingerprint) => {
    expect(() => keyOf({}, fingerprint)).toThrow(`training image fingerprint "${fingerprint}" is not a 64-character CDK asset hash`);
  });
});

describe('training identity from the training image source', () => {
  /** a copy of the training image's build context to edit. */
  function context(): ContainerImageSource {
    const dir = mkdtempSync(join(tmpdir(), 'training-context-'));
    cpSync(CONTAINER_IMAGES.training.directory, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
    return { ...CONTAINER_IMAGES.training, directory: dir };
  }
  const keyFor = (image: ContainerImageSource) => new TrainStage(new App(), 'Train', { config: testConfig(), trainingImage: image }).modelArtifact.key;

  let image: ContainerImageSource;
  let original: string;
  beforeAll(() => {
    image = context();
    original = keyFor(image);
  });

  test('stays when a README changes', () => {
    writeFileSync(join(image.directory, 'training', 'README.md'), '# notes about training\n');
    expect(keyFor(image)).toBe(original);
  });

  test('stays when the serving container changes', () => {
    writeFileSync(join(image.directory, 'serving', 'src', 'extra.ts'), 'export const x = 1;\n');
    expect(keyFor(image)).toBe(original);
  });

  test('moves when the training code changes', () => {
    writeFileSync(join(image.directory, 'training', 'src', 'extra.ts'), 'export const y = 2;\n');
    expect(keyFor(image)).not.toBe(original);
  });
});
