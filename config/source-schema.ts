import { z } from 'zod';

const branch = z
  .string()
  .min(1, { error: 'must name a branch, e.g. "main"' })
  .regex(/^[^\s~^:?*[\\]+$/, { error: 'is not a valid git branch name (no spaces or ~^:?*[\\ characters)' });

/** an approver CodeCommit's approval pool accepts: a fully qualified IAM or STS ARN, `*` allowed in the name. */
const approvalPoolMember = z
  .string()
  .regex(/^arn:aws[a-z-]*:(iam::\d{12}:(user|role)|sts::\d{12}:(assumed-role|federated-user))\/[\w+=,.@/*-]+$/, {
    error: 'must be an IAM user or role ARN or an STS assumed-role ARN pattern, e.g. "arn:aws:sts::123456789012:assumed-role/mlops-reviewer/*"',
  });

const codeCommitSource = z
  .strictObject({
    kind: z.literal('codecommit').describe('the source kind: a CodeCommit repository'),
    repository: z
      .string()
      .regex(/^[\w.-]{1,100}$/, { error: 'must be a CodeCommit repository name: 1-100 letters, digits, ".", "_" or "-"' })
      .describe('CodeCommit repository name; e.g. sagemaker-cdk-pipeline'),
    branch: branch.default('main').describe('the branch whose pushes start the pipeline'),
    create: z
      .boolean()
      .default(true)
      .describe('true: the pipeline stack defines the repository; false: import an existing one by name'),
    reviewers: z
      .array(approvalPoolMember)
      .min(1, { error: 'must list at least one reviewer ARN pattern, or be left out for the default reviewers\' role' })
      .optional()
      .describe(
        'who may approve a pull request into the branch (a created repository only): IAM user or role ARNs, or STS assumed-role ARN patterns; default "arn:aws:sts::<tooling.account>:assumed-role/<prefix>-reviewer/*". CodeCommit never counts the author\'s own approval; e.g. [arn:aws:sts::111111111111:assumed-role/ml-leads/*]',
      ),
    approvalsNeeded: z
      .int({ error: 'must be a whole number of approvals, e.g. 1' })
      .min(1, { error: 'must be at least 1: a pull request into the branch needs a review' })
      .default(1)
      .describe('approvals from the reviewers a pull request into the branch needs (a created repository only)'),
  })
  .superRefine((source, ctx) => {
    if (!source.create && source.reviewers !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['reviewers'],
        input: source.reviewers,
        message: 'applies only to a repository the stack creates (create: true); remove it, or set the pool in the approval-rule template of the existing repository',
      });
    }
  })
  .describe('AWS CodeCommit (closed to new AWS customers since 2024-07-25; existing accounts only)');

const filePathFilters = z.strictObject({
  include: z.array(z.string().min(1)).max(8, { error: 'CodePipeline accepts at most 8 include patterns' }).default([]).describe('glob patterns: only a push that changes a matching file starts the pipeline (none: every push); e.g. ["**"]'),
  exclude: z.array(z.string().min(1)).max(8, { error: 'CodePipeline accepts at most 8 exclude patterns' }).default([]).describe('glob patterns of changed files that do not start the pipeline; e.g. ["docs/**", "**/*.md"]'),
});

const gitHubSource = z
  .strictObject({
    kind: z.literal('github').describe('the source kind: a GitHub repository through CodeConnections'),
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, { error: 'must be "owner/repo", e.g. "my-org/churn-model"' })
      .describe('GitHub repository as owner/repo; e.g. my-org/sagemaker-cdk-pipeline'),
    branch: branch.default('main').describe('the branch whose pushes start the pipeline'),
    connectionArn: z
      .string({
        error:
          'is required for a GitHub source: create a CodeConnections connection in the tooling account, complete it in the console, and paste its ARN here',
      })
      .regex(/^arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/, {
        error: 'must be a CodeConnections ARN such as "arn:aws:codeconnections:eu-west-1:123456789012:connection/<uuid>"',
      })
      .describe('ARN of an AVAILABLE CodeConnections (CodeStar Connections) connection in the tooling account; complete it in the console first; e.g. arn:aws:codeconnections:eu-west-1:111111111111:connection/00000000-0000-0000-0000-000000000000'),
    filePaths: filePathFilters
      .optional()
      .describe('glob filters on changed files; a push that changes none of the included paths does not start the pipeline'),
  })
  .describe('GitHub through AWS CodeConnections');

const s3Source = z
  .strictObject({
    kind: z.literal('s3').describe('the source kind: a zip object in S3'),
    bucket: z
      .string()
      .regex(/^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name: 3-63 lowercase letters, digits, "." or "-"' })
      .describe('the versioned bucket that holds the source zip (polled); e.g. mlops-source-111111111111'),
    objectKey: z
      .string()
      .regex(/^[^\s].*\.zip$/, { error: 'must be the key of a .zip object, e.g. "source/app.zip"' })
      .describe('the key of the source zip in the bucket; e.g. source/app.zip'),
  })
  .describe('a zip object in a versioned S3 bucket');

export const sourceSchema = z.discriminatedUnion('kind', [codeCommitSource, gitHubSource, s3Source], {
  error: 'must be one of "codecommit", "github" or "s3"',
});

export type SourceConfig = z.output<typeof sourceSchema>;
export type CodeCommitSourceConfig = z.output<typeof codeCommitSource>;
export type GitHubSourceConfig = z.output<typeof gitHubSource>;
export type S3SourceConfig = z.output<typeof s3Source>;
