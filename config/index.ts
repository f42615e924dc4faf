export type { AppConfig, StageConfig } from './app-config';
export { ConfigError, formatProblem } from './config-error';
export type { ConfigProblem } from './config-error';
export { DEFAULT_CONFIG_FILE, loadConfig, parseConfig } from './load-config';
export * from './names';
export type { EndpointConfig } from './endpoint-schema';
export type { NetworkConfig } from './network-schema';
export type { SourceConfig } from './source-schema';
export type { TrainingConfig } from './training-schema';
