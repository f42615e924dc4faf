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

  // 10-22: talking to AWS (status, approve, reject, history) and pricing (cost)

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

  // 30-36: training and post-deploy gates (train, smoke-test)

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
  /** a model key holds an object this pipeline did not publish (its provenance is not ours); it is neither reused nor replaced */
  MODEL_PROVENANCE_REJECTED: 37,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
