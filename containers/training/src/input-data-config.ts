/** the channels this algorithm reads, from /opt/ml/input/config/inputdataconfig.json. */
export const REQUIRED_CHANNELS = ['train', 'validation'] as const;

/** one channel's settings as SageMaker describes them. */
export interface ChannelConfig {
  readonly name: string;
  /** @default text/csv when SageMaker omits it */
  readonly contentType: string;
  /** File or FastFile (Pipe is not supported) */
  readonly inputMode: string;
}

/** thrown for an inputdataconfig.json this algorithm cannot work with. */
export class InputConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputConfigError';
  }
}

/**
 * checks the parsed inputdataconfig.json: both channels present, CSV content, File or FastFile mode.
 * Returns the channels this algorithm uses and the names of any others (which it ignores).
 */
export function parseInputDataConfig(raw: unknown): { readonly channels: readonly ChannelConfig[]; readonly ignored: readonly string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputConfigError('inputdataconfig.json must be a JSON object with one entry per channel, e.g. {"train": {"ContentType": "text/csv"}, "validation": {...}}');
  }
  const entries = raw as Record<string, unknown>;
  const missing = REQUIRED_CHANNELS.filter((name) => !(name in entries));
  if (missing.length > 0) {
    throw new InputConfigError(`missing channel${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(' and ')} in inputdataconfig.json (has: ${Object.keys(entries).join(', ') || 'none'}); this algorithm needs a 'train' and a 'validation' channel of CSV data`);
  }
  const channels = REQUIRED_CHANNELS.map((name): ChannelConfig => {
    const entry = entries[name];
    if (typeof entry !== 'object' || entry === null) throw new InputConfigError(`channel '${name}' in inputdataconfig.json must be an object, got ${JSON.stringify(entry)}`);
    const settings = entry as Record<string, unknown>;
    const contentType = typeof settings.ContentType === 'string' && settings.ContentType !== '' ? settings.ContentType : 'text/csv';
    if (contentType.split(';')[0].trim().toLowerCase() !== 'text/csv') {
      throw new InputConfigError(`channel '${name}' has ContentType '${contentType}'; this algorithm reads text/csv (label first, then the features), so set the channel's ContentType to text/csv`);
    }
    const inputMode = typeof settings.TrainingInputMode === 'string' ? settings.TrainingInputMode : 'File';
    if (inputMode !== 'File' && inputMode !== 'FastFile') {
      throw new InputConfigError(`channel '${name}' uses TrainingInputMode '${inputMode}'; this algorithm reads files, so use File or FastFile`);
    }
    if (settings.RecordWrapperType === 'RecordIO') {
      throw new InputConfigError(`channel '${name}' uses RecordWrapperType RecordIO; this algorithm reads plain CSV, so use None`);
    }
    return { name, contentType, inputMode };
  });
  const ignored = Object.keys(entries).filter((name) => !(REQUIRED_CHANNELS as readonly string[]).includes(name));
  return { channels, ignored };
}
