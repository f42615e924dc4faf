import {
  ActionNotFoundException,
  ApprovalAlreadyCompletedException,
  CodePipelineServiceException,
  InvalidApprovalTokenException,
  PipelineExecutionNotFoundException,
  PipelineNotFoundException,
  StageNotFoundException,
  ValidationException,
} from '@aws-sdk/client-codepipeline';

const metadata = { httpStatusCode: 400, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 };

/** the errors the SDK throws, as the SDK builds them. */
export const sdkErrors = {
  pipelineNotFound: () => new PipelineNotFoundException({ message: 'Account 111111111111 does not have a pipeline with name mlops-pipeline', $metadata: metadata }),
  stageNotFound: () => new StageNotFoundException({ message: 'stage not found', $metadata: metadata }),
  actionNotFound: () => new ActionNotFoundException({ message: 'action not found', $metadata: metadata }),
  alreadyCompleted: () => new ApprovalAlreadyCompletedException({ message: 'Approval already completed', $metadata: metadata }),
  invalidToken: () => new InvalidApprovalTokenException({ message: 'The token is invalid', $metadata: metadata }),
  executionNotFound: () => new PipelineExecutionNotFoundException({ message: 'no such execution', $metadata: metadata }),
  validation: () => new ValidationException({ message: '1 validation error detected', $metadata: metadata }),
  /** what the SDK throws once its retries for throttling are used up */
  throttled: () =>
    new CodePipelineServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: { ...metadata, attempts: 3, totalRetryDelay: 2100 } }),
  accessDenied: () =>
    new CodePipelineServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      message: 'User: arn:aws:iam::111111111111:user/bob is not authorized to perform: codepipeline:PutApprovalResult',
      $metadata: metadata,
    }),
  unrecognizedClient: () =>
    new CodePipelineServiceException({ name: 'UnrecognizedClientException', $fault: 'client', message: 'The security token included in the request is invalid.', $metadata: metadata }),
  expiredToken: () => new CodePipelineServiceException({ name: 'ExpiredTokenException', $fault: 'client', message: 'The security token included in the request is expired', $metadata: metadata }),
  /** the credential chain's error (from @smithy/property-provider) */
  noCredentials: () => Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false }),
  /** the region provider's error */
  noRegion: () => new Error('Region is missing'),
  /** the node http handler's error */
  connectionRefused: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }),
  dnsFailure: () => Object.assign(new Error('getaddrinfo ENOTFOUND codepipeline.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }),
};
