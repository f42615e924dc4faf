import type { GetPipelineStateOutput, PipelineExecution, PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIo } from '../../../cli/command';

/** the moment every release test reads the pipeline at. */
export const NOW = new Date('2026-05-04T12:00:00Z');

export const PIPELINE = 'mlops-pipeline';
export const EXECUTION_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const OLD_EXECUTION_ID = '0a0b0c0d-1111-4222-8333-444455556666';
export const TOKEN = '1b7c5e2a-9d3f-4c1e-a6b8-2f4d6e8a0c13';
export const COMMIT = '4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f';
export const OLD_COMMIT = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
/** when the Prod approval started waiting: 2h 30m before NOW. */
export const REQUESTED_AT = new Date('2026-05-04T09:30:00Z');

const done = (at: string) => ({ status: 'Succeeded' as const, lastStatusChange: new Date(at) });

/** a pipeline as CDK Pipelines builds it, waiting for the Prod approval. */
export function waitingState(): GetPipelineStateOutput {
  return {
    pipelineName: PIPELINE,
    pipelineVersion: 7,
    stageStates: [
      {
        stageName: 'Source',
        latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'Succeeded' },
        actionStates: [{ actionName: 'sagemaker-cdk-pipeline', currentRevision: { revisionId: COMMIT, revisionChangeId: COMMIT, created: new Date('2026-05-04T08:59:00Z') }, latestExecution: done('2026-05-04T09:00:00Z') }],
      },
      {
        stageName: 'Build',
        latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'Succeeded' },
        actionStates: [{ actionName: 'Synth', latestExecution: done('2026-05-04T09:08:00Z') }],
      },
      {
        stageName: 'Staging',
        latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'Succeeded' },
        actionStates: [
          { actionName: 'Prepare', latestExecution: done('2026-05-04T09:20:00Z') },
          { actionName: 'Deploy', latestExecution: done('2026-05-04T09:29:30Z') },
        ],
      },
      {
        stageName: 'Prod',
        latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'InProgress' },
        inboundTransitionState: { enabled: true },
        actionStates: [
          {
            actionName: 'PromoteToProd',
            latestExecution: { actionExecutionId: 'ae-1', status: 'InProgress', token: TOKEN, lastStatusChange: REQUESTED_AT, summary: 'Promote the staging model to production' },
          },
          { actionName: 'Endpoint.Prepare' },
          { actionName: 'Endpoint.Deploy' },
        ],
      },
    ],
  };
}

/** GetPipelineExecution of EXECUTION_ID: a CodeCommit commit. */
export function waitingExecution(): PipelineExecution {
  return {
    pipelineName: PIPELINE,
    pipelineExecutionId: EXECUTION_ID,
    status: 'InProgress',
    artifactRevisions: [
      {
        name: 'sagemaker-cdk-pipeline_Source',
        revisionId: COMMIT,
        revisionSummary: 'Tune the learning rate of the iris model\n\nThe body of the commit message.',
        revisionUrl: `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/sagemaker-cdk-pipeline/commit/${COMMIT}`,
      },
    ],
  };
}

/** three executions, newest first: running, succeeded, failed. */
export function executionSummaries(): PipelineExecutionSummary[] {
  return [
    {
      pipelineExecutionId: EXECUTION_ID,
      status: 'InProgress',
      startTime: new Date('2026-05-04T09:00:00Z'),
      lastUpdateTime: new Date('2026-05-04T09:30:00Z'),
      trigger: { triggerType: 'CloudWatchEvent', triggerDetail: 'arn:aws:events:eu-west-1:111111111111:rule/mlops-pipeline-source-rule' },
      sourceRevisions: [{ actionName: 'sagemaker-cdk-pipeline', revisionId: COMMIT, revisionSummary: 'Tune the learning rate of the iris model' }],
    },
    {
      pipelineExecutionId: OLD_EXECUTION_ID,
      status: 'Succeeded',
      startTime: new Date('2026-05-03T08:00:00Z'),
      lastUpdateTime: new Date('2026-05-03T08:42:10Z'),
      trigger: { triggerType: 'StartPipelineExecution', triggerDetail: 'arn:aws:sts::111111111111:assumed-role/ReleaseManager/alice' },
      sourceRevisions: [{ actionName: 'sagemaker-cdk-pipeline', revisionId: OLD_COMMIT, revisionSummary: '{"ProviderType":"GitHub","CommitMessage":"Add the latency gate"}' }],
    },
    {
      pipelineExecutionId: 'fa11ed00-0000-4000-8000-000000000000',
      status: 'Failed',
      statusSummary: 'Deploy failed in Staging',
      startTime: new Date('2026-05-02T07:00:00Z'),
      lastUpdateTime: new Date('2026-05-02T07:15:03Z'),
      trigger: { triggerType: 'Webhook' },
      sourceRevisions: [],
    },
  ];
}

/** an io that records what a command writes. */
export interface CapturedIo {
  readonly io: CommandIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function captureIo(options: { readonly isTty?: boolean; readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    io: {
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
      env: options.env ?? {},
      cwd: options.cwd ?? process.cwd(),
      isTty: options.isTty ?? false,
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** what running a command produced. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** runs a command in-process with a recording io. */
export async function runCommand(
  command: { readonly run: (args: string[], io: CommandIo) => Promise<number> },
  args: string[],
  options: { readonly isTty?: boolean; readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
): Promise<CommandResult> {
  const captured = captureIo(options);
  const code = await command.run(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/**
 * a folder with a minimal pipeline.yaml (prefix `reltest`, tooling region eu-west-1), so tests that
 * read the pipeline name from the config do not depend on the repository's own pipeline.yaml.
 */
export function writeConfigDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-release-'));
  writeFileSync(
    join(dir, 'pipeline.yaml'),
    [
      'project: { name: Release test, prefix: reltest }',
      'tooling: { account: "111111111111", region: eu-west-1 }',
      'source: { kind: codecommit, repository: release-test }',
      'stages:',
      '  - { name: Staging, account: "222222222222", regions: [eu-west-1] }',
      '',
    ].join('\n'),
  );
  return dir;
}
