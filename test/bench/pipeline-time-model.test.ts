import { bakeSeconds, pipelineTime } from '../../bench/pipeline-time-model';
import type { Estimates, SynthesizedPipeline } from '../../bench/pipeline-time-model';

const ESTIMATES: Estimates = {
  computeTypes: {
    BUILD_GENERAL1_SMALL: { vcpus: 2, memoryGib: 3, provisioningSeconds: 30, usdPerMinute: 0.005 },
    BUILD_GENERAL1_MEDIUM: { vcpus: 4, memoryGib: 7, provisioningSeconds: 30, usdPerMinute: 0.01 },
  },
  codeBuildOverhead: { seconds: 0, source: 'test' },
  commands: { 'npm-ci': { wallSeconds: 60, cpuSeconds: 60 }, 'npm-ci-cached': { wallSeconds: 30, cpuSeconds: 30 }, test: { wallSeconds: 100, cpuSeconds: 200 }, lint: { wallSeconds: 40, cpuSeconds: 40 } },
  commandParallelism: { test: { cores: 2, source: 'test' } },
  commandPatterns: [
    { pattern: '^npm ci\\b', commands: ['npm-ci'], cachedCommands: ['npm-ci-cached'] },
    { pattern: '^npm test\\b', commands: ['test'] },
    { pattern: '^npm run lint$', commands: ['lint'] },
    { pattern: '^npm run checks$', commands: ['concurrent:test+lint'] },
    { pattern: '^npx mlpipe train\\b', commands: ['wait:train'] },
  ],
  waits: {
    source: { seconds: 60, source: 'test' },
    'cfn-stack-no-change': { seconds: 30, source: 'test' },
    'cfn-stack-update': { seconds: 60, source: 'test' },
    'cfn-change-set-create': { seconds: 20, source: 'test' },
    'sagemaker-endpoint-update-fleet': { seconds: 300, source: 'test' },
    'train-model': { seconds: 600, source: 'test' },
    'train-skipped': { seconds: 0, source: 'test' },
    'codebuild-s3-cache': { seconds: 10, source: 'test' },
  },
};

const project = (computeType: string, commands: string[], cache = false) => ({
  Type: 'AWS::CodeBuild::Project',
  Properties: { Environment: { ComputeType: computeType }, Cache: { Type: cache ? 'S3' : 'NO_CACHE' }, Source: { BuildSpec: JSON.stringify({ phases: { build: { commands } } }) } },
});
const codeBuild = (name: string, ref: string, runOrder = 1) => ({ Name: name, RunOrder: runOrder, ActionTypeId: { Category: 'Build', Provider: 'CodeBuild' }, Configuration: { ProjectName: { Ref: ref } } });
const deploy = (stack: string, runOrder: number) => ({ Name: `${stack}.Deploy`, RunOrder: runOrder, ActionTypeId: { Category: 'Deploy', Provider: 'CloudFormation' }, Configuration: { StackName: stack, ActionMode: 'CREATE_UPDATE' } });

function pipeline(stages: unknown[], projects: Record<string, unknown>, stackTemplates: SynthesizedPipeline['stackTemplates'] = {}): SynthesizedPipeline {
  return { pipelineTemplate: { Resources: { Pipeline: { Type: 'AWS::CodePipeline::Pipeline', Properties: { Stages: stages } }, ...projects } as never }, stackTemplates, buildspecFiles: {} };
}

describe('the pipeline time model', () => {
  test('actions of one run order count once (the slowest), run orders and stages add up', () => {
    const synthesized = pipeline(
      [
        { Name: 'Source', Actions: [{ Name: 'Source', ActionTypeId: { Category: 'Source', Provider: 'CodeCommit' } }] },
        { Name: 'Checks', Actions: [codeBuild('Tests', 'Tests', 1), codeBuild('Lint', 'Lint', 1), codeBuild('Again', 'Lint', 2)] },
      ],
      { Tests: project('BUILD_GENERAL1_SMALL', ['npm test -- --ci']), Lint: project('BUILD_GENERAL1_SMALL', ['npm run lint']) },
    );
    const time = pipelineTime(synthesized, ESTIMATES, 'no-model-change');
    // Source 60 s; run order 1: max(30 + 200/2, 30 + 40) = 130 s; run order 2: 70 s
    expect(time.stageEnds.map((s) => [s.stage, Number((s.minutes * 60).toFixed(3))])).toEqual([
      ['Source', 60],
      ['Checks', 260],
    ]);
    expect(time.stageEnds[1].criticalActions).toEqual(['Tests', 'Again']);
  });

  test('concurrent commands take their summed CPU over the vCPUs, or the slowest one alone; a cache swaps npm ci for its cached time', () => {
    const synthesized = pipeline([{ Name: 'Build', Actions: [codeBuild('Small', 'Small', 1), codeBuild('Medium', 'Medium', 2)] }], {
      Small: project('BUILD_GENERAL1_SMALL', ['npm ci', 'npm run checks']),
      Medium: project('BUILD_GENERAL1_MEDIUM', ['npm ci', 'npm run checks'], true),
    });
    const [small, medium] = pipelineTime(synthesized, ESTIMATES, 'no-model-change').actions;
    // SMALL: 30 + 60 + max(100, 40, 240 / 2) = 210 s; MEDIUM with cache: 30 + 10 + 30 + max(100, 40, 240 / 4) = 170 s
    expect(small.minutes * 60).toBeCloseTo(210, 6);
    expect(medium.minutes * 60).toBeCloseTo(170, 6);
    expect(medium.basis).toBe('MEDIUM: npm-ci-cached, concurrent:test+lint');
  });

  test('an endpoint stack update waits for the new fleet and the bake its DeploymentConfig asks for, only when the model changes', () => {
    const endpoint = {
      Resources: {
        Endpoint: {
          Type: 'AWS::SageMaker::Endpoint',
          Properties: { DeploymentConfig: { BlueGreenUpdatePolicy: { TerminationWaitInSeconds: 600, TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 300 } } } },
        },
      },
    };
    const synthesized = pipeline([{ Name: 'Prod', Actions: [deploy('prod-endpoint', 1), codeBuild('Train', 'Train', 2)] }], { Train: project('BUILD_GENERAL1_SMALL', ['npx mlpipe train --report r.json']) }, { 'prod-endpoint': endpoint });
    expect(pipelineTime(synthesized, ESTIMATES, 'model-change').actions.map((a) => a.minutes * 60)).toEqual([60 + 300 + 900, 30 + 600]);
    expect(pipelineTime(synthesized, ESTIMATES, 'no-model-change').actions.map((a) => a.minutes * 60)).toEqual([30, 30]);
  });

  test('bakes: a linear rollout waits once per step, a rolling update once, no policy not at all', () => {
    expect(bakeSeconds({ BlueGreenUpdatePolicy: { TerminationWaitInSeconds: 60, TrafficRoutingConfiguration: { Type: 'LINEAR', WaitIntervalInSeconds: 120, LinearStepSize: { Value: 25 } } } })).toBe(4 * 120 + 60);
    expect(bakeSeconds({ RollingUpdatePolicy: { WaitIntervalInSeconds: 90 } })).toBe(90);
    expect(bakeSeconds(undefined)).toBe(0);
  });

  test('fails when a buildspec command has no estimate, naming the command and where to add one', () => {
    const synthesized = pipeline([{ Name: 'Build', Actions: [codeBuild('Odd', 'Odd')] }], { Odd: project('BUILD_GENERAL1_SMALL', ['make everything']) });
    expect(() => pipelineTime(synthesized, ESTIMATES, 'no-model-change')).toThrow('Build/Odd: no estimate for the buildspec command(s) "make everything"; add a commandPatterns entry to bench/pipeline-estimates.json');
  });
});
