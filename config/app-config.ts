import type { EndpointConfig } from './endpoint-schema';
import type { NetworkConfig } from './network-schema';
import type { ConfigFile } from './schema';
import type { StageInput } from './stage-schema';

/** one stage with the defaults merged in and validated. */
export interface StageConfig extends Omit<StageInput, 'network' | 'endpoint'> {
  /** the stage's position in the promotion order, from 0 */
  readonly index: number;
  readonly network: NetworkConfig;
  readonly endpoint: EndpointConfig;
}

/** the whole validated configuration that synth and every CLI command work from. */
export interface AppConfig extends Omit<ConfigFile, 'stages' | 'defaults'> {
  readonly stages: readonly StageConfig[];
}
