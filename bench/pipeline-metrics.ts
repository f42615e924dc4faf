/** what a synthesized pipeline costs in time and machinery, read from its template. */
export interface PipelineMetrics {
  /** sequential actions from Source to the last stage's last deploy (parallel actions count once) */
  readonly criticalPathActions: number;
  /** CodeBuild projects the pipeline stack defines */
  readonly codeBuildProjects: number;
  /** CodePipeline stages */
  readonly stages: number;
}

interface PipelineTemplate {
  readonly Resources: Record<string, { Type: string; Properties?: { Stages?: { Actions: { RunOrder?: number }[] }[] } }>;
}

/** counts the critical path and the CodeBuild projects of the pipeline in a template. */
export function pipelineMetrics(template: PipelineTemplate): PipelineMetrics {
  const resources = Object.values(template.Resources);
  const pipeline = resources.find((r) => r.Type === 'AWS::CodePipeline::Pipeline');
  if (!pipeline?.Properties?.Stages) throw new Error('the template has no AWS::CodePipeline::Pipeline with stages; pass the pipeline stack\'s template');
  const criticalPathActions = pipeline.Properties.Stages.reduce((n, stage) => n + new Set(stage.Actions.map((a) => a.RunOrder ?? 1)).size, 0);
  return {
    criticalPathActions,
    codeBuildProjects: resources.filter((r) => r.Type === 'AWS::CodeBuild::Project').length,
    stages: pipeline.Properties.Stages.length,
  };
}
