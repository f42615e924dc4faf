import type { z } from 'zod';
import type { RolloutConfig } from './endpoint-rollout-schema';
import type { ScalingConfig } from './endpoint-scaling-schema';
import { ACCELERATED_FAMILY, instanceTypeProblem } from './instance-types';

/** what the cross-field rules read of an endpoint config (the parsed object). */
export interface EndpointRuleInput {
  readonly kind: 'instance' | 'serverless' | 'multiModel';
  readonly vpc?: boolean;
  readonly variants: number;
  readonly instance: { readonly instanceType: string; readonly initialInstanceCount: number };
  readonly serverless: { readonly maxConcurrency: number; readonly provisionedConcurrency?: number };
  readonly multiModel?: unknown;
  readonly model?: string;
  readonly models?: readonly string[];
  readonly explainability?: { readonly targetExplanationsPerInstance?: number };
  readonly scaling: ScalingConfig;
  readonly rollout: RolloutConfig;
  readonly dataCapture: { readonly enabled: boolean; readonly captureRequest: boolean; readonly captureResponse: boolean };
  readonly monitoring?: { readonly enabled: boolean; readonly schedule: 'hourly' | 'daily'; readonly evaluationPeriods: number };
}

type Report = (path: PropertyKey[], input: unknown, message: string) => void;


/**
 * instance families with NVMe instance storage: SageMaker refuses an endpoint config KmsKeyId for
 * them (the storage is hardware-encrypted), and the compliance packs require that key.
 */
const LOCAL_STORAGE_FAMILY = /^ml\.([a-z]+\d+[a-z]*d[a-z]*|g5|g6e?|p5[a-z]*)\./;

/**
 * whether an endpoint runs in the stage's VPC: instance and multi-model endpoints do (with network
 * isolation); serverless inference supports no VPC configuration, so a serverless stage needs no network.
 */
export function endpointInVpc(c: Pick<EndpointRuleInput, 'kind'>): boolean {
  return c.kind !== 'serverless';
}

/** true when autoscaling of instance counts is configured (including tracking the explanations per instance). */
export function scalesInstances(c: Pick<EndpointRuleInput, 'kind' | 'scaling'> & { readonly explainability?: EndpointRuleInput['explainability'] }): boolean {
  const explanations = c.explainability?.targetExplanationsPerInstance !== undefined;
  return c.kind !== 'serverless' && (c.scaling.targetTracking !== undefined || c.scaling.stepScaling !== undefined || c.scaling.scheduled.length > 0 || explanations);
}

/**
 * where SageMaker Clarify online explainability cannot be configured. Serverless: the Clarify
 * explainer runs on the endpoint's instances, alongside the model container, and online
 * explainability is offered for real-time inference endpoints (SageMaker DG, "Online explainability
 * with SageMaker Clarify", clarify-online-explainability.html). Multi-model: SageMaker accepts an
 * ExplainerConfig there (DG clarify-online-explainability-create-endpoint), but it is one per
 * endpoint config, with one SHAP baseline and one set of feature and label headers, which cannot
 * match every model of a catalogue; this project rejects it.
 */
function explainabilityRules(c: EndpointRuleInput, report: Report): void {
  if (c.explainability === undefined) return;
  if (c.kind === 'serverless') {
    report(['explainability'], c.explainability, 'cannot be set on a serverless endpoint: the SageMaker Clarify explainer runs on the endpoint\'s instances next to the model, and online explainability is offered for real-time (instance) endpoints; use kind "instance" or remove explainability');
  }
  if (c.kind === 'multiModel') {
    report(['explainability'], c.explainability, 'cannot be set on a multi-model endpoint here: the explainer config is one per endpoint, with one SHAP baseline and one set of feature and label headers for every model it serves, which cannot fit a catalogue of different models; explain a model on an instance endpoint that serves it (endpoint.model), or remove explainability');
  }
}

/** the seconds a rollout waits in total, which its execution timeout must exceed. */
export function rolloutWaitSeconds(rollout: RolloutConfig): number {
  switch (rollout.strategy) {
    case 'linear':
      return rollout.bakeSeconds * Math.ceil(100 / rollout.linearStepPercent) + rollout.finalBakeSeconds;
    case 'rolling':
      return rollout.bakeSeconds * Math.ceil(100 / rollout.rollingBatchPercent);
    default:
      return rollout.bakeSeconds + rollout.finalBakeSeconds;
  }
}

function serverlessRules(c: EndpointRuleInput, report: Report): void {
  if (c.vpc === true) report(['vpc'], c.vpc, 'cannot be true for a serverless endpoint: serverless inference supports neither VPC configuration nor network isolation; use kind "instance" to stay in the VPC, or remove vpc');
  if (c.dataCapture.enabled) report(['dataCapture', 'enabled'], true, 'cannot be true for a serverless endpoint: serverless inference does not support data capture; set it to false or use kind "instance"');
  if (c.multiModel !== undefined) report(['multiModel'], c.multiModel, 'applies to kind "multiModel" only: serverless inference cannot host multi-model endpoints; remove it or use kind "multiModel"');
  if (c.variants > 1) report(['variants'], c.variants, 'must be 1 for a serverless endpoint: serverless inference supports a single production variant; set it to 1 or use kind "instance"');
  if (c.rollout.strategy === 'rolling') report(['rollout', 'strategy'], 'rolling', 'cannot be "rolling" for a serverless endpoint: SageMaker excludes serverless endpoints from rolling updates; use "allAtOnce"');
  else if (c.rollout.strategy !== 'allAtOnce') report(['rollout', 'strategy'], c.rollout.strategy, 'must be "allAtOnce" for a serverless endpoint: it has no instance fleet to shift traffic to in steps; use "allAtOnce"');
  const { maxConcurrency, provisionedConcurrency } = c.serverless;
  if (provisionedConcurrency !== undefined && provisionedConcurrency > maxConcurrency) {
    report(['serverless', 'provisionedConcurrency'], provisionedConcurrency, `is above maxConcurrency ${maxConcurrency}; SageMaker requires provisioned concurrency <= max concurrency: lower it or raise maxConcurrency`);
  }
  if (c.scaling.targetTracking) report(['scaling', 'targetTracking'], c.scaling.targetTracking, 'applies to instance endpoints only: a serverless variant scales its provisioned concurrency; use scaling.provisionedConcurrency instead');
  if (c.scaling.stepScaling) report(['scaling', 'stepScaling'], c.scaling.stepScaling, 'applies to instance endpoints only: a serverless variant scales its provisioned concurrency; use scaling.provisionedConcurrency instead');
  if (c.scaling.provisionedConcurrency || c.scaling.scheduled.length > 0) {
    const at = c.scaling.provisionedConcurrency ? ['scaling', 'provisionedConcurrency'] : ['scaling', 'scheduled'];
    if (provisionedConcurrency === undefined) report(at, c.scaling.provisionedConcurrency ?? c.scaling.scheduled, 'scales a serverless variant without provisioned concurrency: Application Auto Scaling can only scale the provisioned concurrency of a serverless variant; set serverless.provisionedConcurrency');
    if (c.scaling.maxCapacity > maxConcurrency) report(['scaling', 'maxCapacity'], c.scaling.maxCapacity, `is above serverless.maxConcurrency ${maxConcurrency}: provisioned concurrency cannot exceed max concurrency; lower it`);
  }
}

function instanceRules(c: EndpointRuleInput, report: Report): void {
  const unknownType = instanceTypeProblem(c.kind === 'multiModel' ? 'multiModel' : 'realTime', c.instance.instanceType);
  if (unknownType) report(['instance', 'instanceType'], c.instance.instanceType, unknownType);
  else if (c.kind === 'multiModel' && ACCELERATED_FAMILY.test(c.instance.instanceType)) {
    report(['instance', 'instanceType'], c.instance.instanceType, 'is a GPU/accelerator instance type, but our multi-model serving container is CPU only (GPU multi-model endpoints need NVIDIA Triton); use a CPU type such as "ml.m5.large"');
  }
  if (LOCAL_STORAGE_FAMILY.test(c.instance.instanceType)) {
    report(['instance', 'instanceType'], c.instance.instanceType, 'has NVMe instance storage: SageMaker refuses a KMS key on the endpoint config for such types and the compliance packs require one; use a type without local storage such as "ml.m5.large" or "ml.c5.xlarge"');
  }
  if (c.kind === 'instance' && c.multiModel !== undefined) report(['multiModel'], c.multiModel, 'applies to kind "multiModel" only; remove it or set kind "multiModel"');
  if (c.vpc === false) report(['vpc'], false, 'cannot be false: instance and multi-model endpoints always run in the stage VPC with network isolation; remove it');
  if (c.scaling.provisionedConcurrency) report(['scaling', 'provisionedConcurrency'], c.scaling.provisionedConcurrency, 'applies to serverless endpoints only; use scaling.targetTracking for instance endpoints');
  const count = c.instance.initialInstanceCount;
  if (c.rollout.strategy === 'canary') {
    const canaryInstances = Math.ceil((count * c.rollout.canaryPercent) / 100);
    if (canaryInstances * 2 > count) {
      report(['rollout', 'strategy'], 'canary', `with canaryPercent ${c.rollout.canaryPercent} makes a canary of ${canaryInstances} of ${count} instance(s), above 50 % of the fleet (the SageMaker limit); set instance.initialInstanceCount to ${canaryInstances * 2} or more, or use strategy "allAtOnce"`);
    }
  }
  if (c.rollout.strategy === 'rolling' && c.variants > 1) report(['rollout', 'strategy'], 'rolling', 'cannot be "rolling" with several variants: SageMaker excludes multi-variant endpoints from rolling updates; use "canary", "linear" or "allAtOnce"');
  if (scalesInstances(c) && (count < c.scaling.minCapacity || count > c.scaling.maxCapacity)) {
    report(['instance', 'initialInstanceCount'], count, `is outside scaling.minCapacity..maxCapacity (${c.scaling.minCapacity}..${c.scaling.maxCapacity}); start within the range autoscaling keeps`);
  }
}

function stepRules(c: EndpointRuleInput, report: Report): void {
  const steps = c.scaling.stepScaling?.steps ?? [];
  const sorted = steps.map((s, i) => ({ ...s, i })).sort((a, b) => a.lower - b.lower);
  sorted.forEach((step, n) => {
    const path = ['scaling', 'stepScaling', 'steps', step.i];
    if (n === 0 && step.lower !== 0) report([...path, 'lower'], step.lower, 'leaves a gap: the first step must start at offset 0 (the alarm threshold); set lower to 0');
    if (step.upper !== undefined && step.upper <= step.lower) report([...path, 'upper'], step.upper, `must be above lower (${step.lower})`);
    const next = sorted[n + 1];
    if (!next) {
      if (step.upper !== undefined) report([...path, 'upper'], step.upper, 'must be left out on the last step so that every value above the threshold is covered');
      return;
    }
    if (step.upper === undefined) report([...path, 'upper'], undefined, `is missing, so this step overlaps the step starting at ${next.lower}; set upper to ${next.lower}`);
    else if (step.upper > next.lower) report([...path, 'upper'], step.upper, `overlaps the next step, which starts at ${next.lower}; set upper to ${next.lower}`);
    else if (step.upper < next.lower) report([...path, 'upper'], step.upper, `leaves a gap up to the next step, which starts at ${next.lower}; set upper to ${next.lower}`);
  });
}

function scalingRules(c: EndpointRuleInput, report: Report): void {
  const { minCapacity, maxCapacity, scheduled } = c.scaling;
  if (maxCapacity < minCapacity) report(['scaling', 'maxCapacity'], maxCapacity, `is below minCapacity ${minCapacity}; raise it or lower minCapacity`);
  stepRules(c, report);
  const names = new Set<string>();
  scheduled.forEach((action, i) => {
    const path = ['scaling', 'scheduled', i];
    if (names.has(action.name)) report([...path, 'name'], action.name, 'repeats the name of another scheduled action; give each a different name');
    names.add(action.name);
    if (action.minCapacity === undefined && action.maxCapacity === undefined) report(path, action, 'sets neither minCapacity nor maxCapacity; set one or both');
    if (action.minCapacity !== undefined && action.maxCapacity !== undefined && action.maxCapacity < action.minCapacity) {
      report([...path, 'maxCapacity'], action.maxCapacity, `is below this action's minCapacity ${action.minCapacity}`);
    }
  });
}

/**
 * where Model Monitor data-quality monitoring cannot run. It analyses the captured traffic, so it
 * needs data capture of requests and responses (the baseline puts the label first, where the
 * analyzer puts the captured response: output_columns_position START); serverless endpoints
 * support neither data capture nor Model Monitor (SageMaker DG serverless-endpoints.md); and
 * "Model Monitor currently supports only endpoints that host a single model and does not support
 * monitoring multi-model endpoints" (SageMaker DG model-monitor.md, Notes).
 */
function monitoringRules(c: EndpointRuleInput, report: Report): void {
  if (c.monitoring?.enabled !== true) return;
  const at = ['monitoring', 'enabled'];
  // PutMetricAlarm: Period x EvaluationPeriods can't be more than 604,800 seconds (seven days)
  if (c.monitoring.schedule === 'daily' && c.monitoring.evaluationPeriods > 7) {
    report(['monitoring', 'evaluationPeriods'], c.monitoring.evaluationPeriods, 'must be at most 7 with a daily schedule: a CloudWatch alarm evaluates at most seven days; lower it or use schedule "hourly"');
  }
  if (c.kind === 'serverless') {
    report(at, true, 'cannot be true for a serverless endpoint: serverless inference supports neither data capture nor Model Monitor; use kind "instance" with dataCapture.enabled, or set monitoring.enabled to false');
  } else if (c.kind === 'multiModel') {
    report(at, true, 'cannot be true for a multi-model endpoint: Model Monitor supports only endpoints that host a single model; monitor the model on an instance endpoint that serves it (endpoint.model), or set monitoring.enabled to false');
  } else if (!c.dataCapture.enabled) {
    report(at, true, 'needs data capture: Model Monitor analyses the captured traffic; set dataCapture.enabled to true (with captureRequest and captureResponse), or set monitoring.enabled to false');
  } else if (!c.dataCapture.captureRequest || !c.dataCapture.captureResponse) {
    report(at, true, 'needs both requests and responses captured: the data-quality baseline has the label first and the features after it, and Model Monitor compares it with each captured response followed by its request; set dataCapture.captureRequest and dataCapture.captureResponse to true, or set monitoring.enabled to false');
  }
}

/** the cross-field rules: combinations SageMaker or Application Auto Scaling would reject at deploy time. */
export function checkEndpoint(c: EndpointRuleInput, ctx: z.core.$RefinementCtx): void {
  const report: Report = (path, input, message) => ctx.addIssue({ code: 'custom', path, input, message });
  if (c.kind === 'multiModel' && c.model !== undefined) report(['model'], c.model, `applies to instance and serverless endpoints, which serve one model; a multi-model endpoint serves a list: write models: ["${c.model}"] instead`);
  if (c.kind !== 'multiModel' && c.models !== undefined) report(['models'], c.models, `applies to kind "multiModel" only: a${c.kind === 'instance' ? 'n instance' : ' serverless'} endpoint serves one model; write model: "${c.models[0]}" instead, or set kind "multiModel"`);
  explainabilityRules(c, report);
  monitoringRules(c, report);
  if (c.kind === 'serverless') serverlessRules(c, report);
  else instanceRules(c, report);
  scalingRules(c, report);
  if (c.dataCapture.enabled && !c.dataCapture.captureRequest && !c.dataCapture.captureResponse) {
    report(['dataCapture'], c.dataCapture, 'captures neither requests nor responses; set captureRequest and/or captureResponse, or enabled: false');
  }
  const waits = rolloutWaitSeconds(c.rollout);
  if (c.rollout.maxExecutionSeconds <= waits) {
    report(['rollout', 'maxExecutionSeconds'], c.rollout.maxExecutionSeconds, `must exceed the ${waits} seconds the ${c.rollout.strategy} rollout waits in bake times; raise it or shorten bakeSeconds/finalBakeSeconds`);
  }
}
