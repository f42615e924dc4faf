import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { FileSet, IFileSetProducer } from 'aws-cdk-lib/pipelines';
import { CodeBuildStep } from 'aws-cdk-lib/pipelines';
import { readBuildspec } from '../buildspec-file';

/** props of a SynthStep. */
export interface SynthStepProps {
  /** the source checkout */
  readonly input: IFileSetProducer;
  /** the CodeBuild project name */
  readonly projectName: string;
  /**
   * report groups by the report name used in `buildspecs/synth.yml` (`reports:` keys); each
   * report is published to its group instead of a group CodeBuild would define on the fly
   * @default - reports go to groups CodeBuild names `<project>-<report>`
   */
  readonly reportGroups?: Readonly<Record<string, codebuild.IReportGroup>>;
  /**
   * where CodeBuild keeps the paths of `cache:` in buildspecs/synth.yml (the npm cache) between builds
   * @default - no cache: every build downloads every package
   */
  readonly cache?: codebuild.Cache;
  /**
   * the compute size of the build; the checks of `npm run ci:checks` run at once, so they use what it has
   * @default - the pipeline's codeBuildDefaults
   */
  readonly computeType?: codebuild.ComputeType;
}

/**
 * the Build/Synth action: runs `buildspecs/synth.yml` (install; type-check, lint, unit tests with a
 * JUnit report and `cdk synth` with the compliance packs as a blocking gate, all at once through
 * `npm run ci:checks`; the compliance report published as a second JUnit report) and outputs
 * `cdk.out` and `reports/compliance`. Any failed check fails the action, before self-mutation.
 */
export class SynthStep extends CodeBuildStep {
  /** the compliance report folder (`reports/compliance`), an output artifact later steps and people can fetch */
  public readonly complianceReport: FileSet;

  constructor(id: string, props: SynthStepProps) {
    const spec = readBuildspec('synth');
    const groups = props.reportGroups ?? {};
    const reports = { ...((spec.partial.reports ?? {}) as Record<string, unknown>) };
    for (const [name, group] of Object.entries(groups)) {
      if (!(name in reports)) throw new Error(`report group "${name}" is not a report of buildspecs/synth.yml (reports: ${Object.keys(reports).join(', ')}); add it there or remove the group`);
      reports[group.reportGroupArn] = reports[name];
      delete reports[name];
    }
    super(id, {
      input: props.input,
      projectName: props.projectName,
      installCommands: spec.installCommands,
      commands: spec.commands,
      primaryOutputDirectory: 'cdk.out',
      cache: props.cache,
      buildEnvironment: props.computeType ? { computeType: props.computeType } : undefined,
      partialBuildSpec: codebuild.BuildSpec.fromObject({ ...spec.partial, reports }),
      rolePolicyStatements: Object.values(groups).length
        ? [
            new iam.PolicyStatement({
              actions: ['codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutTestCases', 'codebuild:BatchPutCodeCoverages'],
              resources: Object.values(groups).map((g) => g.reportGroupArn),
            }),
          ]
        : undefined,
    });
    this.complianceReport = this.addOutputDirectory('reports/compliance');
  }
}
