import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { AppConfig } from './app-config';
import { ConfigError } from './config-error';
import { resolveConfig } from './resolve-config';

/** the config file a fresh checkout uses. */
export const DEFAULT_CONFIG_FILE = 'pipeline.yaml';

/** parses YAML text into a validated config; throws ConfigError listing every problem. */
export function parseConfig(text: string, file = DEFAULT_CONFIG_FILE): AppConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(yaml)',
        value: undefined,
        message: `is not valid YAML: ${e.message.split('\n')[0]}; fix the syntax there`,
      })),
    );
  }
  const result = resolveConfig(document.toJS());
  if (!result.ok) throw new ConfigError(file, result.problems);
  return result.config;
}

/** reads and validates a config file; throws ConfigError when it is missing or invalid. */
export function loadConfig(file = DEFAULT_CONFIG_FILE): AppConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
    throw new ConfigError(file, [{ path: '(file)', value: undefined, message: `${reason}; pass the path of your pipeline.yaml or create one from the README's example` }]);
  }
  return parseConfig(text, file);
}
