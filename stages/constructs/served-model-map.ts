import { CfnOutput } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { ServedModelKey } from '../model-artifact';

/** props of a ServedModelMap. */
export interface ServedModelMapProps {
  /** the endpoint's name (it names the parameter) */
  readonly endpointName: string;
  /** true: a multi-model endpoint, whose clients name a model with TargetModel */
  readonly multiModel: boolean;
  /** the models the endpoint serves, in catalogue order */
  readonly models: readonly ServedModelKey[];
  /** the models prefix of the multi-model endpoint's ModelDataUrl (`models/`) */
  readonly modelsPrefix: string;
}

/** the SSM parameter of an endpoint's TargetModel map, e.g. `/mlops-prod/target-models`. */
export function targetModelsParameterName(endpointName: string): string {
  return `/${endpointName}/target-models`;
}

/** the TargetModel of a model on a multi-model endpoint: its key below the models prefix. */
function targetModel(key: string, prefix: string): string {
  if (!key.startsWith(prefix)) throw new Error(`model key "${key}" is not under the models prefix "${prefix}" a multi-model endpoint serves from; store every model under ${prefix}`);
  return key.slice(prefix.length);
}

/**
 * what clients need to name a model without knowing hashes. Every endpoint outputs ServedModels
 * (model name -> content-addressed key, JSON). A multi-model endpoint also publishes its
 * TargetModel map (model name -> the TargetModel to invoke it with, `<identity>/model.tar.gz`) as
 * the TargetModels output and as an SSM String parameter, `/<endpoint>/target-models`, which
 * clients in the stage account read at start-up.
 */
export class ServedModelMap extends Construct {
  /** model name -> TargetModel (multi-model endpoints only, else empty) */
  public readonly targetModels: Readonly<Record<string, string>>;
  /** the parameter holding the map (multi-model endpoints only) */
  public readonly parameter?: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: ServedModelMapProps) {
    super(scope, id);
    new CfnOutput(scope, 'ServedModels', {
      value: JSON.stringify(Object.fromEntries(props.models.map((m) => [m.name, m.key]))),
      description: 'the models this endpoint serves: model name -> content-addressed key in the models bucket (JSON)',
    });
    this.targetModels = props.multiModel ? Object.fromEntries(props.models.map((m) => [m.name, targetModel(m.key, props.modelsPrefix)])) : {};
    if (!props.multiModel) return;
    const map = JSON.stringify(this.targetModels);
    new CfnOutput(scope, 'TargetModels', { value: map, description: 'model name -> the TargetModel to invoke it with on this multi-model endpoint (JSON)' });
    this.parameter = new ssm.StringParameter(this, 'Parameter', {
      parameterName: targetModelsParameterName(props.endpointName),
      stringValue: map,
      description: `model name -> TargetModel of multi-model endpoint ${props.endpointName} (JSON); invoke a model with InvokeEndpoint TargetModel set to its value`,
      tier: map.length > 4096 ? ssm.ParameterTier.ADVANCED : ssm.ParameterTier.STANDARD,
    });
  }
}
