import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type { CodeBuildStepProps } from 'aws-cdk-lib/pipelines';
import { parse } from 'yaml';

/** the folder of the CodeBuild buildspecs the pipeline's steps use. */
export const BUILDSPEC_DIR = join(__dirname, '..', 'buildspecs');

/** a buildspec split into what a CDK Pipelines `CodeBuildStep` takes. */
export interface BuildspecParts {
  /** `phases.install.commands` */
  readonly installCommands: string[];
  /** `phases.pre_build.commands` then `phases.build.commands` */
  readonly commands: string[];
  /** every other key (env, runtime-versions, reports), for `partialBuildSpec` */
  readonly partial: Record<string, unknown>;
}

interface Phase {
  readonly commands?: string[];
  readonly 'runtime-versions'?: Record<string, unknown>;
}

/**
 * reads `buildspecs/<name>.yml` (version 0.2) and splits it for a `CodeBuildStep`: the commands
 * run as the step's commands, the rest is merged as a partial buildspec.
 */
export function readBuildspec(name: string): BuildspecParts {
  const file = join(BUILDSPEC_DIR, `${name}.yml`);
  const spec = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (spec.version !== 0.2) throw new Error(`${file}: version is ${JSON.stringify(spec.version)}; CodeBuild buildspecs here use version 0.2`);
  const phases = (spec.phases ?? {}) as Record<string, Phase>;
  const unknown = Object.keys(phases).filter((p) => !['install', 'pre_build', 'build'].includes(p));
  if (unknown.length > 0) throw new Error(`${file}: phases ${unknown.join(', ')} are not supported; put their commands in install, pre_build or build`);
  const { phases: _phases, version: _version, ...rest } = spec;
  const runtimeVersions = phases.install?.['runtime-versions'];
  const partial: Record<string, unknown> = { ...rest };
  if (runtimeVersions) partial.phases = { install: { 'runtime-versions': runtimeVersions } };
  return {
    installCommands: [...(phases.install?.commands ?? [])],
    commands: [...(phases.pre_build?.commands ?? []), ...(phases.build?.commands ?? [])],
    partial,
  };
}

/**
 * the `CodeBuildStep` options that run `buildspecs/<name>.yml` as it is: its commands, and the
 * rest of it as the partial buildspec.
 */
export function buildspecStepOptions(name: string): Pick<CodeBuildStepProps, 'installCommands' | 'commands' | 'partialBuildSpec'> {
  const spec = readBuildspec(name);
  return { installCommands: spec.installCommands, commands: spec.commands, partialBuildSpec: codebuild.BuildSpec.fromObject(spec.partial) };
}
