import { ConfigError, serverConfigFromEnv } from '../src/server-config';

describe('serverConfigFromEnv', () => {
  test('defaults to SageMaker\'s layout and port', () => {
    const config = serverConfigFromEnv({});
    expect(config).toMatchObject({ root: '/opt/ml', modelDir: '/opt/ml/model', multiModelDir: '/opt/ml/models', port: 8080, host: '0.0.0.0', multiModel: false, shutdownTimeoutMs: 20_000 });
    expect(config.modelMemoryBudgetBytes).toBeGreaterThan(1024 * 1024);
  });

  test('honours SAGEMAKER_BIND_TO_PORT, SM_ROOT and multi-model mode', () => {
    expect(serverConfigFromEnv({ SAGEMAKER_BIND_TO_PORT: '9000', SM_ROOT: '/tmp/ml', SAGEMAKER_MULTI_MODEL: 'TRUE', SERVING_MODEL_MEMORY_BUDGET_MB: '1' })).toMatchObject({
      port: 9000, modelDir: '/tmp/ml/model', multiModel: true, modelMemoryBudgetBytes: 1024 * 1024,
    });
  });

  test('limits requests and answers to InvokeEndpoint\'s 6 MB, or 4 MB where SERVING_ENDPOINT_TYPE says serverless', () => {
    expect(serverConfigFromEnv({})).toMatchObject({ endpointType: 'real-time', payloadLimitBytes: 6291456 });
    expect(serverConfigFromEnv({ SERVING_ENDPOINT_TYPE: 'real-time' })).toMatchObject({ endpointType: 'real-time', payloadLimitBytes: 6291456 });
    expect(serverConfigFromEnv({ SERVING_ENDPOINT_TYPE: 'serverless' })).toMatchObject({ endpointType: 'serverless', payloadLimitBytes: 4194304 });
  });

  test('fails when SERVING_ENDPOINT_TYPE is neither real-time nor serverless', () => {
    expect(() => serverConfigFromEnv({ SERVING_ENDPOINT_TYPE: 'async' })).toThrow(new ConfigError("SERVING_ENDPOINT_TYPE='async' must be real-time or serverless (the endpoint stack sets it); unset it for real-time"));
    expect(() => serverConfigFromEnv({ SERVING_ENDPOINT_TYPE: 'toString' })).toThrow(/SERVING_ENDPOINT_TYPE='toString' must be/);
  });

  test('fails when the port is not a port', () => {
    expect(() => serverConfigFromEnv({ SAGEMAKER_BIND_TO_PORT: '80a' })).toThrow(new ConfigError("SAGEMAKER_BIND_TO_PORT='80a' is not a whole number of a TCP port between 0 and 65535; unset it to use 8080"));
  });

  test('fails when SAGEMAKER_MULTI_MODEL is not a boolean', () => {
    expect(() => serverConfigFromEnv({ SAGEMAKER_MULTI_MODEL: 'yes' })).toThrow("SAGEMAKER_MULTI_MODEL='yes' must be true or false");
  });

  test('fails when the shutdown timeout would outlive SageMaker\'s 30 seconds', () => {
    expect(() => serverConfigFromEnv({ SERVING_SHUTDOWN_TIMEOUT_SECONDS: '45' })).toThrow(/SERVING_SHUTDOWN_TIMEOUT_SECONDS='45' is not a number of seconds between 0.1 and 28/);
  });
});
