// The pipeline time model: reads a synthesized pipeline (the CodePipeline of the pipeline stack's
// template, its CodeBuild projects, and the templates of the stacks its stages deploy) and
// estimates, for one kind of commit, the minutes from Source to the end of each stage. Actions of
// one run order run in parallel (the slowest counts); run orders and stages run one after the
// other. Per-action minutes come from bench/pipeline-estimates.json (cited sources) and
// bench/measured-steps.json (commands timed here). Pure logic: bench/pipeline-time.ts prints it.

/** what the commit changes. */
export type CommitKind = 'model-change' | 'no-model-change';

/** a command of a CodeBuild step, timed on a 2-vCPU machine (bench/step-timings.ts). */
export interface MeasuredCommand {
  /** wall seconds there (a shared machine: see the load) */
  readonly wallSeconds: number;
  /** user + sys CPU seconds of the command's process tree */
  readonly cpuSeconds: number;
}

/** an estimate that is not measured here, with where its number comes from. */
export interface CitedEstimate {
  readonly seconds: number;
  readonly source: string;
}

/**
 * what a buildspec line costs: measured commands, `wait:<name>` for time spent waiting on AWS, or
 * nothing (`[]`) for lines that take no measurable time
 */
export interface CommandPattern {
  /** a regular expression the line matches */
  readonly pattern: string;
  readonly commands: readonly string[];
  /** the commands instead when the project has a CodeBuild cache */
  readonly cachedCommands?: readonly string[];
}

/** bench/pipeline-estimates.json and bench/measured-steps.json, merged. */
export interface Estimates {
  /** CodeBuild compute types: vCPUs and provisioning time, by `BUILD_GENERAL1_*` */
  readonly computeTypes: Readonly<Record<string, { readonly vcpus: number; readonly memoryGib: number; readonly provisioningSeconds: number; readonly usdPerMinute: number }>>;
  /** a CodeBuild build's fixed phases besides provisioning (source download, artifact upload) */
  readonly codeBuildOverhead: CitedEstimate;
  /** measured commands by name (`npm-ci`, `npm-ci-cached`, `typecheck`, ...) */
  readonly commands: Readonly<Record<string, MeasuredCommand>>;
  /** how many cores a command keeps busy, by command name (default 1), with the source of the figure */
  readonly commandParallelism: Readonly<Record<string, { readonly cores: number; readonly source: string }>>;
  /** which command a buildspec line is: the first pattern that matches names it */
  readonly commandPatterns: readonly CommandPattern[];
  /** steps that wait on AWS rather than compute, by name */
  readonly waits: Readonly<Record<string, CitedEstimate>>;
}

/** one action's estimate. */
export interface ActionEstimate {
  readonly stage: string;
  readonly action: string;
  readonly runOrder: number;
  readonly minutes: number;
  /** how the minutes were reached */
  readonly basis: string;
}

/** the model's answer for one pipeline and one kind of commit. */
export interface PipelineTime {
  readonly actions: readonly ActionEstimate[];
  /** minutes from the start of Source to the end of each stage, in pipeline order */
  readonly stageEnds: readonly { readonly stage: string; readonly minutes: number; readonly criticalActions: readonly string[] }[];
  /** human waits (manual approvals) left out of the minutes */
  readonly approvals: readonly string[];
}

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** a CloudFormation template as JSON. */
export interface TemplateJson {
  readonly Resources?: Record<string, Resource>;
}

interface Action {
  readonly Name: string;
  readonly RunOrder?: number;
  readonly ActionTypeId: { readonly Category: string; readonly Provider: string };
  readonly Configuration?: Record<string, unknown>;
}

/** a buildspec's commands in phase order, with `<token>` for CloudFormation expressions. */
function buildspecCommands(project: Resource, files: Readonly<Record<string, unknown>>): string[] {
  const spec = (project.Properties?.Source as { BuildSpec?: unknown } | undefined)?.BuildSpec;
  const text = typeof spec === 'string' ? spec : (spec as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : '<token>')).join('');
  // CDK Pipelines writes the asset projects' buildspecs as files of the cloud assembly
  const external = text.trimStart().startsWith('{') ? undefined : files[text];
  if (!text.trimStart().startsWith('{') && !external) throw new Error(`buildspec file ${text} was not given; pass the cloud assembly's buildspec files`);
  const parsed = (external ?? JSON.parse(text)) as { phases?: Record<string, { commands?: string[] }> };
  return ['install', 'pre_build', 'build', 'post_build'].flatMap((phase) => parsed.phases?.[phase]?.commands ?? []);
}

/**
 * the seconds of a list of commands on `vcpus` vCPUs. The machine they were timed on is shared, so
 * its wall times are not used: a command with CPU time c that keeps p cores busy
 * (`commandParallelism`, default 1) takes c / min(p, vcpus). Commands that `npm run ci:checks`
 * runs at once take as long as the slowest of them, or their summed CPU time spread over the
 * vCPUs, whichever is longer.
 */
export function commandsSeconds(names: readonly string[], estimates: Estimates, vcpus: number): number {
  const alone = (name: string) => command(estimates, name).cpuSeconds / Math.min(estimates.commandParallelism[name]?.cores ?? 1, vcpus);
  let total = 0;
  for (const name of names) {
    const concurrent = name.startsWith('concurrent:') ? name.slice('concurrent:'.length).split('+') : undefined;
    if (!concurrent) {
      total += alone(name);
      continue;
    }
    total += Math.max(...concurrent.map(alone), concurrent.reduce((sum, n) => sum + command(estimates, n).cpuSeconds, 0) / vcpus);
  }
  return total;
}

function command(estimates: Estimates, name: string): MeasuredCommand {
  const measured = estimates.commands[name];
  if (!measured) throw new Error(`no measurement for command "${name}"; add it to bench/measured-steps.json (npx tsx bench/step-timings.ts)`);
  return measured;
}

/** the measured commands a CodeBuild project runs (a buildspec line no pattern names is reported). */
export function projectCommands(project: Resource, estimates: Estimates, buildspecFiles: Readonly<Record<string, unknown>> = {}): { names: string[]; unknown: string[]; waits: string[] } {
  const cached = ((project.Properties?.Cache as { Type?: string } | undefined)?.Type ?? 'NO_CACHE') !== 'NO_CACHE';
  const names: string[] = [];
  const unknown: string[] = [];
  const waits: string[] = [];
  for (const line of buildspecCommands(project, buildspecFiles)) {
    const match = estimates.commandPatterns.find((p) => new RegExp(p.pattern).test(line));
    if (!match) {
      unknown.push(line);
      continue;
    }
    for (const name of cached && match.cachedCommands ? match.cachedCommands : match.commands) {
      if (name.startsWith('wait:')) waits.push(name.slice('wait:'.length));
      else names.push(name);
    }
  }
  return { names, unknown, waits };
}

/** seconds of the blue/green (or rolling) update the endpoint's DeploymentConfig asks for, beyond the new fleet's start. */
export function bakeSeconds(deploymentConfig: Record<string, unknown> | undefined): number {
  const blueGreen = deploymentConfig?.BlueGreenUpdatePolicy as { TerminationWaitInSeconds?: number; TrafficRoutingConfiguration?: { Type?: string; WaitIntervalInSeconds?: number; LinearStepSize?: { Value?: number } } } | undefined;
  if (blueGreen) {
    const routing = blueGreen.TrafficRoutingConfiguration ?? {};
    const wait = routing.WaitIntervalInSeconds ?? 0;
    const steps = routing.Type === 'LINEAR' ? Math.ceil(100 / (routing.LinearStepSize?.Value ?? 100)) : routing.Type === 'CANARY' ? 1 : 0;
    return steps * wait + (blueGreen.TerminationWaitInSeconds ?? 0);
  }
  const rolling = deploymentConfig?.RollingUpdatePolicy as { WaitIntervalInSeconds?: number } | undefined;
  return rolling?.WaitIntervalInSeconds ?? 0;
}

/** the seconds of one CloudFormation deploy action for a stack template and a kind of commit. */
function deploySeconds(template: TemplateJson | undefined, mode: string, commit: CommitKind, estimates: Estimates): { seconds: number; basis: string } {
  const wait = (name: string) => {
    const w = estimates.waits[name];
    if (!w) throw new Error(`bench/pipeline-estimates.json has no wait "${name}"`);
    return w.seconds;
  };
  if (mode === 'CHANGE_SET_REPLACE') return { seconds: wait('cfn-change-set-create'), basis: 'change set created' };
  const endpoints = Object.values(template?.Resources ?? {}).filter((r) => r.Type === 'AWS::SageMaker::Endpoint');
  if (commit === 'model-change' && endpoints.length > 0) {
    const bake = Math.max(...endpoints.map((e) => bakeSeconds(e.Properties?.DeploymentConfig as Record<string, unknown> | undefined)));
    const seconds = wait('cfn-stack-update') + wait('sagemaker-endpoint-update-fleet') + bake;
    return { seconds, basis: `endpoint update: new fleet + ${bake} s bake from its DeploymentConfig` };
  }
  return { seconds: wait('cfn-stack-no-change'), basis: 'stack unchanged' };
}

/** the synthesized pipeline the model reads. */
export interface SynthesizedPipeline {
  /** the pipeline stack's template */
  readonly pipelineTemplate: TemplateJson;
  /** the templates of the stacks the stages deploy, by stack name */
  readonly stackTemplates: Readonly<Record<string, TemplateJson>>;
  /** buildspec files of the cloud assembly (asset publishing), parsed, by file name */
  readonly buildspecFiles: Readonly<Record<string, unknown>>;
}

/** the minutes of every action of the pipeline for `commit`, and the stage ends on the critical path. */
export function pipelineTime(synthesized: SynthesizedPipeline, estimates: Estimates, commit: CommitKind): PipelineTime {
  const { pipelineTemplate, stackTemplates, buildspecFiles } = synthesized;
  const resources = pipelineTemplate.Resources ?? {};
  const pipeline = Object.values(resources).find((r) => r.Type === 'AWS::CodePipeline::Pipeline');
  const stages = pipeline?.Properties?.Stages as { Name: string; Actions: Action[] }[] | undefined;
  if (!stages) throw new Error("the template has no AWS::CodePipeline::Pipeline with stages; pass the pipeline stack's template");
  const actions: ActionEstimate[] = [];
  const approvals: string[] = [];
  const stageEnds: { stage: string; minutes: number; criticalActions: string[] }[] = [];
  let clock = 0;
  for (const stage of stages) {
    const byOrder = new Map<number, ActionEstimate[]>();
    for (const action of stage.Actions) {
      const estimate = actionEstimate(stage.Name, action, { resources, stackTemplates, buildspecFiles }, estimates, commit);
      if (action.ActionTypeId.Category === 'Approval') approvals.push(`${stage.Name}/${action.Name}`);
      actions.push(estimate);
      byOrder.set(estimate.runOrder, [...(byOrder.get(estimate.runOrder) ?? []), estimate]);
    }
    const critical: string[] = [];
    for (const order of [...byOrder.keys()].sort((a, b) => a - b)) {
      const group = byOrder.get(order) ?? [];
      const slowest = group.reduce((a, b) => (b.minutes > a.minutes ? b : a));
      clock += slowest.minutes;
      critical.push(slowest.action);
    }
    stageEnds.push({ stage: stage.Name, minutes: clock, criticalActions: critical });
  }
  return { actions, stageEnds, approvals };
}

function actionEstimate(stage: string, action: Action, from: { resources: Record<string, Resource>; stackTemplates: Readonly<Record<string, TemplateJson>>; buildspecFiles: Readonly<Record<string, unknown>> }, estimates: Estimates, commit: CommitKind): ActionEstimate {
  const { resources, stackTemplates, buildspecFiles } = from;
  const base = { stage, action: action.Name, runOrder: action.RunOrder ?? 1 };
  const provider = action.ActionTypeId.Provider;
  const config = action.Configuration ?? {};
  if (action.ActionTypeId.Category === 'Source') return { ...base, minutes: (estimates.waits.source?.seconds ?? 0) / 60, basis: 'source checkout' };
  if (action.ActionTypeId.Category === 'Approval') return { ...base, minutes: 0, basis: 'manual approval (human wait, not counted)' };
  if (provider === 'CloudFormation') {
    const { seconds, basis } = deploySeconds(stackTemplates[config.StackName as string], config.ActionMode as string, commit, estimates);
    return { ...base, minutes: seconds / 60, basis };
  }
  if (provider === 'CodeBuild') {
    const ref = (config.ProjectName as { Ref?: string } | undefined)?.Ref;
    const project = ref ? resources[ref] : undefined;
    if (!project) throw new Error(`${stage}/${action.Name}: its CodeBuild project is not a resource of the pipeline template`);
    const computeType = (project.Properties?.Environment as { ComputeType: string }).ComputeType;
    const compute = estimates.computeTypes[computeType];
    if (!compute) throw new Error(`${stage}/${action.Name}: compute type ${computeType} is not in bench/pipeline-estimates.json computeTypes`);
    const { names, unknown, waits } = projectCommands(project, estimates, buildspecFiles);
    if (unknown.length > 0) throw new Error(`${stage}/${action.Name}: no estimate for the buildspec command(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}; add a commandPatterns entry to bench/pipeline-estimates.json`);
    const waitSeconds = waits.reduce((s, w) => {
      const name = w === 'train' ? (commit === 'model-change' ? 'train-model' : 'train-skipped') : w;
      const estimate = estimates.waits[name];
      if (!estimate) throw new Error(`bench/pipeline-estimates.json has no wait "${name}"`);
      return s + estimate.seconds;
    }, 0);
    const cached = ((project.Properties?.Cache as { Type?: string } | undefined)?.Type ?? 'NO_CACHE') !== 'NO_CACHE';
    const cacheSeconds = cached ? (estimates.waits['codebuild-s3-cache']?.seconds ?? 0) : 0;
    const seconds = compute.provisioningSeconds + estimates.codeBuildOverhead.seconds + cacheSeconds + commandsSeconds(names, estimates, compute.vcpus) + waitSeconds;
    return { ...base, minutes: seconds / 60, basis: `${computeType.replace('BUILD_GENERAL1_', '')}: ${[...names, ...waits].join(', ')}` };
  }
  return { ...base, minutes: 0, basis: `${provider}: no estimate` };
}
