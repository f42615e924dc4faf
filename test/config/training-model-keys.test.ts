import { imageFingerprintFromUri, targetModelOf } from '../../config/model-definition';

const HASH = 'ab'.repeat(32);

describe('targetModelOf: the TargetModel of a content-addressed key', () => {
  test('is the key without the models/ prefix', () => {
    expect(targetModelOf('models/0123abcd/model.tar.gz')).toBe('0123abcd/model.tar.gz');
  });

  test('fails when the key is not under models/, naming the key and where keys come from', () => {
    expect(() => targetModelOf('checkpoints/0123abcd/model.tar.gz')).toThrow('model key "checkpoints/0123abcd/model.tar.gz" is not under models/; pass a key from modelArtifactKey()');
  });
});

describe('imageFingerprintFromUri: the training image fingerprint from its ECR URI', () => {
  test('is the 64-character asset hash the URI ends in', () => {
    expect(imageFingerprintFromUri(`111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:${HASH}`)).toBe(HASH);
  });

  test('fails when the hash tag is followed by anything, naming the URI and the variable to pass', () => {
    expect(() => imageFingerprintFromUri(`repo:${HASH}-rc1`)).toThrow(`training image URI "repo:${HASH}-rc1" does not end in a CDK asset hash tag (":<64 hex characters>"); pass the image URI the Train stage outputs (TRAINING_IMAGE_URI)`);
  });

  test('fails when the tag is no asset hash (a version tag, or 63 characters)', () => {
    expect(() => imageFingerprintFromUri('repo:latest')).toThrow('does not end in a CDK asset hash tag');
    expect(() => imageFingerprintFromUri(`repo:${HASH.slice(1)}`)).toThrow('does not end in a CDK asset hash tag');
  });
});
