import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Aws, AssetHashType, BundlingOutput, DockerImage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import type { SourceBundle } from '../../config/source-bundle';
import { sourceArchive } from '../../config/source-bundle';

/** one script-mode model's packed sourceDir. */
export interface ModelSourceBundle {
  /** the model's name (the key of its archive in the SourceArchives output) */
  readonly name: string;
  /** its packed sourceDir */
  readonly bundle: SourceBundle;
}

/** props of a FrameworkTrainingAccess. */
export interface FrameworkTrainingAccessProps {
  /**
   * the script-mode models' sources, each published as a file asset named by its content hash
   * @default - none
   */
  readonly sources?: readonly ModelSourceBundle[];
  /**
   * the AWS framework images the catalogue trains on (`<account>.dkr.ecr.<region>.<suffix>/<repository>:<tag>`)
   * @default - none: every model trains on the sample container
   */
  readonly trainingImageUris?: readonly string[];
  /**
   * Model Monitor's analyzer image, which the baseline jobs run as the training role
   * @default - none: no stage is monitored
   */
  readonly analyzerImageUri?: string;
}

/** the ARN of the ECR repository an image URI is pulled from. */
function repositoryArnOf(uri: string): string {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.[a-z0-9.]+\/([^:@]+)(?:[:@]|$)/.exec(uri);
  if (!match) throw new Error(`"${uri}" is not an ECR image URI such as "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311"`);
  return `arn:${Aws.PARTITION}:ecr:${match[2]}:${match[1]}:repository/${match[3]}`;
}

/**
 * what framework training jobs need beyond the sample's: each script-mode model's sourceDir as a
 * content-addressed file asset (a deterministic `sourcedir.tar.gz`, hashed as the training
 * identity hashes it, so the same files always give the same object), and the statements that let
 * the training role read exactly those objects and pull exactly the framework images used.
 */
export class FrameworkTrainingAccess extends Construct {
  /** `s3://<bucket>/<key>` of each script-mode model's archive, by model name */
  public readonly archives: Readonly<Record<string, string>>;
  /** the statements for the training role (none when no model uses a framework) */
  public readonly statements: readonly iam.PolicyStatement[];

  constructor(scope: Construct, id: string, props: FrameworkTrainingAccessProps = {}) {
    super(scope, id);
    const assets = (props.sources ?? []).map(({ name, bundle }) => ({
      name,
      asset: new Asset(this, `Source-${name}`, {
        path: bundle.dir,
        assetHash: bundle.sha256,
        assetHashType: AssetHashType.CUSTOM,
        bundling: {
          // never pulled: the local bundler packs the folder in-process
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
          local: {
            tryBundle(outputDir: string): boolean {
              writeFileSync(path.join(outputDir, 'sourcedir.tar.gz'), sourceArchive(bundle));
              return true;
            },
          },
          outputType: BundlingOutput.ARCHIVED,
        },
      }),
    }));
    this.archives = Object.fromEntries(assets.map(({ name, asset }) => [name, asset.s3ObjectUrl]));
    const statements: iam.PolicyStatement[] = [];
    if (assets.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReadSourceArchives',
          actions: ['s3:GetObject'],
          resources: assets.map(({ asset }) => `arn:${Aws.PARTITION}:s3:::${asset.s3BucketName}/${asset.s3ObjectKey}`),
        }),
      );
    }
    const repositories = [...new Set((props.trainingImageUris ?? []).map(repositoryArnOf))].sort();
    if (repositories.length > 0) {
      statements.push(new iam.PolicyStatement({ sid: 'PullFrameworkImages', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resources: repositories }));
    }
    if (props.analyzerImageUri) {
      statements.push(new iam.PolicyStatement({ sid: 'PullModelMonitorAnalyzer', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resources: [repositoryArnOf(props.analyzerImageUri)] }));
    }
    this.statements = statements;
  }
}
