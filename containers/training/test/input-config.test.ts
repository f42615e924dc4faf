import { InputConfigError, parseInputDataConfig } from '../src/input-data-config';
import { isLeader, parseResourceConfig } from '../src/resource-config';

const CSV = { ContentType: 'text/csv', TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' };

describe('parseInputDataConfig', () => {
  test('accepts train and validation CSV channels and reports extra ones', () => {
    const parsed = parseInputDataConfig({ train: CSV, validation: { ...CSV, TrainingInputMode: 'FastFile' }, extra: CSV });
    expect(parsed.channels.map((c) => [c.name, c.inputMode])).toEqual([['train', 'File'], ['validation', 'FastFile']]);
    expect(parsed.ignored).toEqual(['extra']);
  });

  test('treats a missing ContentType as text/csv', () => {
    expect(parseInputDataConfig({ train: {}, validation: {} }).channels[0].contentType).toBe('text/csv');
  });

  test('fails when the validation channel is missing', () => {
    expect(() => parseInputDataConfig({ train: CSV })).toThrow(new InputConfigError("missing channel 'validation' in inputdataconfig.json (has: train); this algorithm needs a 'train' and a 'validation' channel of CSV data"));
  });

  test('fails when a channel is not CSV', () => {
    expect(() => parseInputDataConfig({ train: { ContentType: 'application/x-parquet' }, validation: CSV })).toThrow(/channel 'train' has ContentType 'application\/x-parquet'; this algorithm reads text\/csv/);
  });

  test('fails when a channel uses Pipe mode', () => {
    expect(() => parseInputDataConfig({ train: CSV, validation: { ...CSV, TrainingInputMode: 'Pipe' } })).toThrow(/channel 'validation' uses TrainingInputMode 'Pipe'; .* use File or FastFile/);
  });
});

describe('parseResourceConfig', () => {
  test('sorts hosts and makes the first one the leader', () => {
    const config = parseResourceConfig({ current_host: 'algo-2', hosts: ['algo-2', 'algo-1'] });
    expect(config.hosts).toEqual(['algo-1', 'algo-2']);
    expect(isLeader(config)).toBe(false);
    expect(isLeader(parseResourceConfig({ current_host: 'algo-1', hosts: ['algo-2', 'algo-1'] }))).toBe(true);
  });

  test('fails when current_host is not among the hosts', () => {
    expect(() => parseResourceConfig({ current_host: 'algo-3', hosts: ['algo-1'] })).toThrow(/hosts must be a list of host names that includes current_host 'algo-3'/);
  });
});
