import type { Template } from 'aws-cdk-lib/assertions';

/** one CodePipeline stage as synthesized: its name and its actions in run order. */
export interface PipelineStageShape {
  readonly name: string;
  readonly actions: readonly { readonly name: string; readonly runOrder: number; readonly provider: string }[];
}

/** the properties of the single AWS::CodePipeline::Pipeline in a template. */
export function pipelineProperties(template: Template): Record<string, unknown> {
  const pipelines = Object.values(template.findResources('AWS::CodePipeline::Pipeline'));
  if (pipelines.length !== 1) throw new Error(`expected one pipeline in the template, found ${pipelines.length}`);
  return pipelines[0].Properties as Record<string, unknown>;
}

/** the pipeline's stages and actions, in order. */
export function pipelineShape(template: Template): PipelineStageShape[] {
  const stages = pipelineProperties(template).Stages as { Name: string; Actions: { Name: string; RunOrder?: number; ActionTypeId: { Provider: string } }[] }[];
  return stages.map((stage) => ({
    name: stage.Name,
    actions: stage.Actions.map((a) => ({ name: a.Name, runOrder: a.RunOrder ?? 1, provider: a.ActionTypeId.Provider })),
  }));
}

/** a CodeBuild project's inline buildspec, parsed; tokens inside it become `<token1>`, `<token2>`, ... */
export function buildSpecOf(template: Template, projectName: string): Record<string, unknown> {
  const projects = Object.values(template.findResources('AWS::CodeBuild::Project')).filter((p) => p.Properties.Name === projectName);
  if (projects.length !== 1) throw new Error(`expected one CodeBuild project named ${projectName}, found ${projects.length}`);
  const spec = projects[0].Properties.Source.BuildSpec as string | { 'Fn::Join': [string, unknown[]] };
  let tokens = 0;
  const text = typeof spec === 'string' ? spec : spec['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : `<token${++tokens}>`)).join(spec['Fn::Join'][0]);
  return JSON.parse(text) as Record<string, unknown>;
}
