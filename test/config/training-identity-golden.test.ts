import { createHash } from 'node:crypto';
import { modelKeyFor } from '../../config/model-definition';
import type { ModelDefinition } from '../../config/training-identity';
import { MODELS_PREFIX, modelArtifactKey, trainingIdentity, withoutModelIdentity } from '../../config/training-identity';
import { testConfig } from '../helpers/test-config';

/*
 * Golden values: the exact identities and model keys today's code computes. Every deployed model
 * lives under its identity, so a change that moves one of these values retrains every model on the
 * next commit. Such a change must update the values here in the same commit AND add a CHANGELOG.md
 * entry saying that models will retrain (see the note at the top of CHANGELOG.md).
 */

const IMAGE = 'a'.repeat(64);

/** a small definition written out in full. */
const SIMPLE: ModelDefinition = {
  imageFingerprint: IMAGE,
  hyperparameters: { epochs: '60', seed: '42' },
  instance: { type: 'ml.m5.large', count: 1, volumeSizeGb: 10 },
  channels: [{ name: 'train', uri: 's3://bucket/train/', dataVersion: 'v1' }],
  algorithm: { inputMode: 'File' },
};

/** two channels listed out of name order, no hyperparameters, algorithm settings of every type. */
const DISTRIBUTED: ModelDefinition = {
  imageFingerprint: '0'.repeat(64),
  hyperparameters: {},
  instance: { type: 'ml.c5.xlarge', count: 2, volumeSizeGb: 50 },
  channels: [
    { name: 'validation', uri: 's3://b/v/', dataVersion: '2024-01-01' },
    { name: 'train', uri: 's3://b/t/', dataVersion: '2024-01-01' },
  ],
  algorithm: { inputMode: 'FastFile', retries: 3, sharded: true },
};

describe('golden training identities', () => {
  test.each<[string, ModelDefinition, string]>([
    ['a single-channel definition', SIMPLE, '8e1c68edbb3883d2aa92eaa15d6f8f17'],
    ['a distributed two-channel definition', DISTRIBUTED, 'ba0feca533b5494f6dd44efa8cfc27a8'],
  ])('%s hashes to its pinned identity', (_what, definition, identity) => {
    expect(trainingIdentity(definition)).toBe(identity);
  });

  test('is the first 32 hex characters of SHA-256 over the versioned, key-sorted JSON of the definition', () => {
    const canonical =
      '{"algorithm":{"inputMode":"File"},"channels":[{"dataVersion":"v1","name":"train","uri":"s3://bucket/train/"}],' +
      '"hyperparameters":{"epochs":"60","seed":"42"},"imageFingerprint":"' + IMAGE + '","instance":{"count":1,"type":"ml.m5.large","volumeSizeGb":10}}';
    const expected = createHash('sha256').update(`mlpipe-model-v1\n${canonical}`).digest('hex').slice(0, 32);
    expect(trainingIdentity(SIMPLE)).toBe(expected);
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ['the default config', {}, IMAGE, 'models/ecf97f8d03b36ce76a5ad0f380ad5ff4/model.tar.gz'],
    [
      'a distributed FastFile config with its own hyperparameters',
      { training: { instanceType: 'ml.c5.xlarge', instanceCount: 2, inputMode: 'FastFile', hyperparameters: { epochs: '10', seed: '7' } } },
      IMAGE,
      'models/65588dabdb57d74d42dbe39c65364cc3/model.tar.gz',
    ],
    [
      'a single sharded channel on another image',
      { training: { channels: { train: { prefix: 'iris/v2/train/', dataVersion: 'iris-v2', distribution: 'ShardedByS3Key' } } } },
      'f'.repeat(64),
      'models/1f90d440cdbb00d1290c0561ce8e1161/model.tar.gz',
    ],
  ])('%s has its pinned model key', (_what, overrides, image, key) => {
    expect(modelKeyFor(testConfig(overrides), image)).toBe(key);
  });
});

/** the same object with its keys inserted in reverse order. */
function reversed<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}

describe('what does not move the identity', () => {
  test('the order of keys at every level of the definition', () => {
    const shuffled: ModelDefinition = reversed({
      ...DISTRIBUTED,
      hyperparameters: reversed({ b: '2', a: '1' }),
      instance: reversed(DISTRIBUTED.instance),
      channels: DISTRIBUTED.channels.map(reversed),
      algorithm: reversed(DISTRIBUTED.algorithm),
    });
    expect(trainingIdentity(shuffled)).toBe(trainingIdentity({ ...DISTRIBUTED, hyperparameters: { a: '1', b: '2' } }));
    expect(trainingIdentity(reversed({ ...SIMPLE, instance: reversed(SIMPLE.instance) }))).toBe('8e1c68edbb3883d2aa92eaa15d6f8f17');
  });

  test('the order of channels', () => {
    expect(trainingIdentity({ ...DISTRIBUTED, channels: [...DISTRIBUTED.channels].reverse() })).toBe('ba0feca533b5494f6dd44efa8cfc27a8');
  });

  test('an optional setting that is absent (undefined) rather than left out', () => {
    const withUndefined = { ...SIMPLE, algorithm: { inputMode: 'File', entryMode: undefined } } as unknown as ModelDefinition;
    expect(trainingIdentity(withUndefined)).toBe('8e1c68edbb3883d2aa92eaa15d6f8f17');
  });

  test('the order of keys in the config file and spelling out the defaults', () => {
    const explicit = {
      training: {
        inputMode: 'File',
        channels: {
          validation: { distribution: 'FullyReplicated', contentType: 'text/csv', dataVersion: 'iris-v1', prefix: 'iris/v1/validation/' },
          train: { contentType: 'text/csv', distribution: 'FullyReplicated', prefix: 'iris/v1/train/', dataVersion: 'iris-v1' },
        },
        hyperparameters: { feature_names: 'sepal_length,sepal_width,petal_length,petal_width', seed: '42', batch_size: '16', learning_rate: '0.1', epochs: '60' },
        volumeSizeGb: 10,
        instanceCount: 1,
        instanceType: 'ml.m5.large',
      },
    };
    expect(modelKeyFor(testConfig(explicit), IMAGE)).toBe('models/ecf97f8d03b36ce76a5ad0f380ad5ff4/model.tar.gz');
  });
});

describe('what moves the identity', () => {
  test.each<[string, ModelDefinition]>([
    ['a hyperparameter value', { ...SIMPLE, hyperparameters: { epochs: '61', seed: '42' } }],
    ['a hyperparameter name', { ...SIMPLE, hyperparameters: { epoch: '60', seed: '42' } }],
    ['the instance count', { ...SIMPLE, instance: { ...SIMPLE.instance, count: 2 } }],
    ['a channel name', { ...SIMPLE, channels: [{ ...SIMPLE.channels[0], name: 'training' }] }],
    ['a data version', { ...SIMPLE, channels: [{ ...SIMPLE.channels[0], dataVersion: 'v2' }] }],
    ['the image', { ...SIMPLE, imageFingerprint: 'b'.repeat(64) }],
  ])('a change of %s', (_what, definition) => {
    expect(trainingIdentity(definition)).not.toBe('8e1c68edbb3883d2aa92eaa15d6f8f17');
  });

  test('a number and the same digits as a string are different settings', () => {
    expect(trainingIdentity({ ...SIMPLE, algorithm: { inputMode: 'File', retries: 3 } })).not.toBe(trainingIdentity({ ...SIMPLE, algorithm: { inputMode: 'File', retries: '3' } }));
  });
});

describe('model artifact key', () => {
  test('is models/<identity>/model.tar.gz', () => {
    expect(modelArtifactKey('0123456789abcdef0123456789abcdef')).toBe('models/0123456789abcdef0123456789abcdef/model.tar.gz');
  });

  test.each([
    ['is too short', '0123456789abcdef0123456789abcde'],
    ['is too long', '0123456789abcdef0123456789abcdef0'],
    ['has upper-case hex', '0123456789ABCDEF0123456789abcdef'],
    ['has a prefix before the hex', 'x0123456789abcdef0123456789abcdef'],
  ])('fails when the identity %s', (_what, identity) => {
    expect(() => modelArtifactKey(identity)).toThrow(`training identity "${identity}" is not 32 lowercase hex characters; compute it with trainingIdentity()`);
  });
});

describe('records without the model identity', () => {
  test('replace every content-addressed model key and keep everything else', () => {
    const text = 'arn:aws:s3:::m/models/0123456789abcdef0123456789abcdef/model.tar.gz and models/ffffffffffffffffffffffffffffffff/x';
    expect(withoutModelIdentity(text)).toBe('arn:aws:s3:::m/models/<identity>/model.tar.gz and models/<identity>/x');
  });

  test('leave keys that are not identities alone', () => {
    const text = 'models/0123456789ABCDEF0123456789abcdef/ models/0123/ models/0123456789abcdef0123456789abcdef';
    expect(withoutModelIdentity(text)).toBe(text);
  });

  test('the models prefix is where modelArtifactKey puts every model', () => {
    expect(modelArtifactKey('0123456789abcdef0123456789abcdef').startsWith(MODELS_PREFIX)).toBe(true);
    expect(MODELS_PREFIX).toBe('models/');
  });
});
