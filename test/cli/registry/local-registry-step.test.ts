import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localRegistrations, readSynthesizedTraining } from '../../../cli/lib/local/registry-step';
import { registrationToken } from '../../../cli/lib/registry/model-package-request';
import { testConfig } from '../../helpers/test-config';

const config = testConfig({ models: { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' } } } });
const KEYS = { 'iris-softmax': 'models/faa8c058268487e4814e23eaf45d54ca/model.tar.gz', 'iris-softmax-l2': 'models/bd02ec3b9e8f1b6a913eceddb45a416f/model.tar.gz' };
const HASH = '14dc0df07137d4ff01411d8366863c6f5a9c48c31aa457a37814af17cad27eec';

let dir = '';
beforeAll(() => {
  // the assembly as cdk synth writes it: the Train stage in its own nested assembly
  dir = mkdtempSync(join(tmpdir(), 'local-registry-'));
  mkdirSync(join(dir, 'assembly-tst-pipeline-Train'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ artifacts: { Train: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-tst-pipeline-Train' } } } }));
  writeFileSync(join(dir, 'assembly-tst-pipeline-Train', 'manifest.json'), JSON.stringify({ artifacts: { Training: { type: 'aws:cloudformation:stack', properties: { templateFile: 'training.template.json' } } } }));
  writeFileSync(
    join(dir, 'assembly-tst-pipeline-Train', 'training.template.json'),
    JSON.stringify({
      Outputs: {
        ModelKeys: { Value: JSON.stringify(KEYS) },
        ServingImageUri: { Value: { 'Fn::Sub': `111111111111.dkr.ecr.eu-west-1.\${AWS::URLSuffix}/cdk-hnb659fds-container-assets-111111111111-eu-west-1:${HASH}` } },
      },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local mode: the registry requests the Train step would send', () => {
  test('reads the model keys and the serving image of the synthesized Train stage', async () => {
    expect(await readSynthesizedTraining(dir)).toEqual({ modelKeys: KEYS, servingImageUri: `111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:${HASH}` });
  });

  test('builds one CreateModelPackage request per model with its key, image and locally measured metric', async () => {
    const registrations = localRegistrations(config, await readSynthesizedTraining(dir), new Map([['iris-softmax-l2', [{ name: 'validation:accuracy', value: 0.9667 }]]]));
    expect(registrations.map((r) => [r.model, r.request.ModelPackageGroupName, r.request.ModelApprovalStatus])).toEqual([
      ['iris-softmax', 'tst-iris-softmax', 'PendingManualApproval'],
      ['iris-softmax-l2', 'tst-iris-softmax-l2', 'PendingManualApproval'],
    ]);
    const l2 = registrations[1].request;
    expect(l2.InferenceSpecification?.Containers).toEqual([{ Image: expect.stringContaining(`:${HASH}`), ModelDataUrl: `s3://tst-models-111111111111-eu-west-1/${KEYS['iris-softmax-l2']}` }]);
    expect(l2.CustomerMetadataProperties).toMatchObject({ 'mlpipe:identity': 'bd02ec3b9e8f1b6a913eceddb45a416f', 'metric:validation:accuracy': '0.9667', 'mlpipe:training-job': 'tst-local-iris-softmax-l2' });
    expect(l2.ClientToken).toBe(registrationToken('tst-iris-softmax-l2', 'bd02ec3b9e8f1b6a913eceddb45a416f'));
  });

  test('fails when the assembly has no Train stage with those outputs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'local-registry-empty-'));
    writeFileSync(join(empty, 'manifest.json'), JSON.stringify({ artifacts: {} }));
    await expect(readSynthesizedTraining(empty)).rejects.toThrow(`no training stack with the ModelKeys and ServingImageUri outputs in ${empty}; synthesize the app first`);
    rmSync(empty, { recursive: true, force: true });
  });
});
