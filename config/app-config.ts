import type { EndpointConfig } from './endpoint-schema';
import type { ModelConfig } from './model-catalogue-schema';
import type { NetworkConfig } from './network-schema';
import type { ConfigFile } from './schema';
import type { StageInput } from './stage-schema';

/** one stage with the defaults merged in and validated. */
export interface StageConfig extends Omit<StageInput, 'network' | 'endpoint'> {
  /** the stage's position in the promotion order, from 0 */
  readonly index: number;
  readonly network: NetworkConfig;
  readonly endpoint: EndpointConfig;
  /**
   * the names of the catalogue's models the stage's endpoint serves, in catalogue order: one for
   * instance and serverless endpoints (`endpoint.model`, else the first), the list (`endpoint.models`,
   * else all) for a multi-model endpoint
   */
  readonly models: readonly string[];
}

/** the whole validated configuration that synth and every CLI command work from. */
export interface AppConfig extends Omit<ConfigFile, 'stages' | 'defaults' | 'models'> {
  readonly stages: readonly StageConfig[];
  /** the model catalogue in file order: `models:` merged into `training:`, or the `training:` block as model "default" */
  readonly models: readonly ModelConfig[];
}
