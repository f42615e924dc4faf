import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { YAMLError } from 'yaml';
import type { AppConfig } from './app-config';
import { ConfigError } from './config-error';
import type { ConfigProblem } from './config-error';
import { loadModelSources } from './model-sources';
import { resolveConfig } from './resolve-config';

/** the config file a fresh checkout uses. */
export const DEFAULT_CONFIG_FILE = 'pipeline.yaml';

/**
 * YAML syntax errors as problems: one per line (the errors after the first on a line follow
 * from it), each `line L, column C is not valid YAML: <what the parser says>; fix the syntax there`.
 */
function yamlProblems(errors: readonly YAMLError[]): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const e of errors) {
    const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'the file';
    const line = e.linePos ? String(e.linePos[0].line) : where;
    if (seen.has(line)) continue;
    seen.add(line);
    // the parser's first line ends with its own " at line L, column C:" (the position is in the path)
    const said = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
    problems.push({ path: where, value: undefined, message: `is not valid YAML: ${said.charAt(0).toLowerCase()}${said.slice(1)}; fix the syntax there` });
  }
  return problems;
}

/**
 * parses YAML text into a validated config; throws ConfigError listing every problem. The models'
 * source folders are read relative to the folder of `file` (see model-sources.ts).
 */
export function parseConfig(text: string, file = DEFAULT_CONFIG_FILE): AppConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(file, yamlProblems(document.errors));
  const json: unknown = document.toJS();
  const result = resolveConfig(json);
  if (!result.ok) throw new ConfigError(file, result.problems);
  const loaded = loadModelSources(result.config, path.dirname(path.resolve(file)), json);
  if (loaded.problems.length > 0) throw new ConfigError(file, loaded.problems);
  return loaded.config;
}

/** reads and validates a config file; throws ConfigError when it is missing or invalid. */
export function loadConfig(file = DEFAULT_CONFIG_FILE): AppConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
    throw new ConfigError(file, [{ path: 'the file', value: undefined, message: `${reason}; pass the path of your pipeline.yaml or copy the repository's pipeline.yaml (every key is in docs/config-reference.md)` }]);
  }
  return parseConfig(text, file);
}
