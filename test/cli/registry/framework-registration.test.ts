import { join } from 'node:path';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { trainStepRegistry } from '../../../cli/lib/registry/train-step-registry';
import { loadConfig } from '../../../config';
import { catalogueEntries, imageFingerprintFromUri } from '../../../config/model-definition';
import { modelPackageGroupName } from '../../../config/registry-names';
import { LoopbackAws } from '../../helpers/aws-answers';
import { REPO_ROOT } from '../../helpers/test-config';
import { target } from '../training/fixtures';
import { FakeRegistry } from './fake-registry';

/* A framework model (examples/) is registered with its framework's inference image of the tooling region, as its endpoints serve it, not with the sample serving image. */

const SAMPLE = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:serving';
const loopback = new LoopbackAws();
let sagemaker: SageMakerClient;

beforeAll(async () => {
  const endpoint = await loopback.start();
  sagemaker = new SageMakerClient({ region: 'eu-west-1', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'AKIDLOOPBACKTEST0000', secretAccessKey: 'loopback-secret-not-real' } });
});
afterAll(() => loopback.stop());

/** registers the example's one model as the Train step does after training it, and returns the CreateModelPackage containers. */
async function registeredContainerOf(example: string): Promise<unknown> {
  const config = loadConfig(join(REPO_ROOT, 'examples', example, 'pipeline.yaml'));
  const stepTarget = target();
  const [entry] = catalogueEntries(config, imageFingerprintFromUri(stepTarget.imageUri));
  const registry = new FakeRegistry([modelPackageGroupName(config, entry.name)]);
  registry.jobMetrics.set('tst-old-job', [{ MetricName: config.models[0].training.metric.name, Value: 0.9667 }]);
  loopback.reset();
  loopback.answer = (request) => registry.answer(request);
  const register = trainStepRegistry({ config, sagemaker, modelsBucket: stepTarget.modelsBucket, servingImageUri: SAMPLE, sleep: async () => undefined });
  const report = { model: entry.name, outcome: 'published' as const, modelKey: entry.key, identity: entry.identity, commit: stepTarget.commit, trainingJob: 'tst-old-job' };
  await expect(register(config.models[0], entry, report, () => undefined)).resolves.toMatchObject({ version: 1, registered: 'now' });
  expect(registry.versions).toHaveLength(1);
  return (registry.versions[0].request.InferenceSpecification as { Containers: unknown[] }).Containers;
}

describe('the Train step registers a framework model', () => {
  test('XGBoost (built-in algorithm) with the XGBoost image of the tooling region', async () => {
    expect(await registeredContainerOf('xgboost')).toEqual([{ Image: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1', ModelDataUrl: expect.stringMatching(/^s3:\/\/tst-models-111111111111-eu-west-1\/models\/[0-9a-f]+\/model\.tar\.gz$/) }]);
  });

  test('PyTorch (script mode) with the CPU inference image its instance endpoint serves it with, and the inference script\'s environment', async () => {
    expect(await registeredContainerOf('pytorch')).toEqual([
      {
        Image: '763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.3.0-cpu-py311',
        ModelDataUrl: expect.stringMatching(/model\.tar\.gz$/),
        Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code', SAGEMAKER_CONTAINER_LOG_LEVEL: '20', SAGEMAKER_REGION: 'eu-west-1' },
      },
    ]);
  });

  test('scikit-learn served serverless with the CPU scikit-learn inference image', async () => {
    const [container] = (await registeredContainerOf('sklearn')) as { Image: string }[];
    expect(container.Image).toBe('141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3');
  });
});
