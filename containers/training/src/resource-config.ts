/** which host this is in a (possibly distributed) training job, from resourceconfig.json. */
export interface ResourceConfig {
  readonly currentHost: string;
  /** every host of the job, sorted; the first one writes the model */
  readonly hosts: readonly string[];
}

/** what a single-host run without resourceconfig.json (a local run) assumes. */
export const SINGLE_HOST: ResourceConfig = { currentHost: 'algo-1', hosts: ['algo-1'] };

/** checks the parsed resourceconfig.json. */
export function parseResourceConfig(raw: unknown): ResourceConfig {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const currentHost = value.current_host;
  const hosts = value.hosts;
  if (typeof currentHost !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(currentHost)) {
    throw new Error(`resourceconfig.json: current_host must be a host name such as "algo-1", got ${JSON.stringify(currentHost)}`);
  }
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string') || !hosts.includes(currentHost)) {
    throw new Error(`resourceconfig.json: hosts must be a list of host names that includes current_host '${currentHost}', got ${JSON.stringify(hosts)}`);
  }
  return { currentHost, hosts: [...hosts].sort() };
}

/** whether this host writes the model (the first host of the sorted list). */
export function isLeader(config: ResourceConfig): boolean {
  return config.hosts[0] === config.currentHost;
}
