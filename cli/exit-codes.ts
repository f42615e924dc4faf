/**
 * exit codes shared by every `mlpipe` command. Each number has one meaning across commands, so
 * scripts can branch on it; add a new constant rather than reusing one.
 */
export const ExitCode = {
  /** the command did what it was asked */
  OK: 0,
  /** the command ran and what it checks failed (invalid config, failed gate, failed job) */
  FAILED: 1,
  /** the command line itself is wrong (unknown flag, missing argument) */
  USAGE: 2,
  /** the config file is missing, unreadable or invalid */
  CONFIG: 3,
  /** a build output the command reads (the cloud assembly, its validation report) is missing or malformed */
  INPUT: 4,

  // 10-23: talking to AWS (status, approve, reject, history) and pricing (cost)

  /** the pipeline does not exist in that account and region (PipelineNotFoundException) */
  PIPELINE_NOT_FOUND: 10,
  /** the stage named on the command line is not in the pipeline (StageNotFoundException), or for `cost` not in the config */
  STAGE_NOT_FOUND: 11,
  /** the approval action named is not a pending approval of the stage (ActionNotFoundException) */
  ACTION_NOT_FOUND: 12,
  /** the stage has no approval waiting for an answer */
  NO_PENDING_APPROVAL: 13,
  /** the approval was already approved or rejected (ApprovalAlreadyCompletedException) */
  APPROVAL_ALREADY_COMPLETED: 14,
  /** the approval token is no longer valid: it expired or the execution moved on (InvalidApprovalTokenException) */
  APPROVAL_TOKEN_INVALID: 15,
  /** AWS kept throttling the calls after the SDK's retries with backoff */
  THROTTLED: 16,
  /** no AWS credentials were found, or they have expired */
  NO_CREDENTIALS: 17,
  /** AWS refused the credentials or the call (AccessDenied, UnrecognizedClient, InvalidSignature) */
  ACCESS_DENIED: 18,
  /** no AWS region was given or configured */
  NO_REGION: 19,
  /** the AWS endpoint could not be reached (network, DNS, proxy, AWS_ENDPOINT_URL) */
  ENDPOINT_UNREACHABLE: 20,
  /** AWS answered with another error (the message names it) */
  AWS_ERROR: 21,
  /** `mlpipe cost`: the price table has no price for an instance type the config uses */
  PRICE_MISSING: 22,
  /** something other than the service answered (a proxy's or load balancer's HTML page, a wrong AWS_ENDPOINT_URL_*): the message names the HTTP status, operation and endpoint */
  UNEXPECTED_RESPONSE: 23,

  // 30-39: training and post-deploy gates (train, smoke-test)

  /** a variable the pipeline step needs is missing or malformed (the message lists them) */
  STEP_ENVIRONMENT: 30,
  /** the training job failed (FailureReason is printed) */
  TRAINING_FAILED: 31,
  /** the training job was stopped (MaxWaitTimeExceeded, MaxRuntimeExceeded or StopTrainingJob) */
  TRAINING_STOPPED: 32,
  /** the trained model's validation metric missed the config's threshold; it was not published */
  METRIC_BELOW_THRESHOLD: 33,
  /** a sample invocation of the endpoint failed or answered something unexpected */
  SMOKE_TEST_FAILED: 34,
  /** the endpoint's p99 latency exceeded the stage's threshold */
  LATENCY_ABOVE_THRESHOLD: 35,
  /** the model is in the home models bucket, but copying it to a regional models bucket failed (the output names the region and bucket) */
  REGIONAL_COPY_FAILED: 36,
  /** `mlpipe train`: several models of the catalogue failed, in different ways (the report names each and why) */
  MODELS_FAILED: 37,
  /** a model key holds an object this pipeline did not publish (its provenance is not ours); it is neither reused nor replaced */
  MODEL_PROVENANCE_REJECTED: 38,
  /** `mlpipe train` was stopped (SIGTERM: CodeBuild stop or timeout; SIGINT: Ctrl-C): it stopped the training jobs it had started, waited for them, and reported each */
  TRAINING_INTERRUPTED: 39,

  // 40-43: the data-science workspace (workspace open)

  /** the config has no `workspace:` section */
  WORKSPACE_OFF: 40,
  /** the user named on the command line is not one of `workspace.users` (the message lists them) */
  WORKSPACE_USER_UNKNOWN: 41,
  /** the user's notebook or Studio profile is not deployed (the Train stage has not run with the workspace on) */
  WORKSPACE_NOT_DEPLOYED: 42,
  /** the notebook is stopped (it was started now) or still starting; run the command again when it is InService */
  WORKSPACE_NOT_READY: 43,

  // 44: model monitoring (train)

  /** `mlpipe train`: a model was published, but its data-quality baseline job failed (its reason and logs are printed); the next run skips training and retries the baseline */
  BASELINE_FAILED: 44,

  /** standard output was closed by its reader (`| head`): the command stopped quietly, as a process killed by SIGPIPE does */
  PIPE_CLOSED: 141,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
