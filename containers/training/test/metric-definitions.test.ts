import { formatEpochLine, METRIC_DEFINITIONS } from '../src/metric-definitions';

describe('metric definitions', () => {
  test('each regex captures its own value from an epoch line and nothing else', () => {
    const line = formatEpochLine(3, 30, 0.5123456, 1.25e-7, 0.96666);
    expect(line).toBe('epoch 3/30: train:loss=0.512346; validation:loss=0.000000; validation:accuracy=0.9667;');
    const captured = Object.fromEntries(METRIC_DEFINITIONS.map((d) => [d.Name, new RegExp(d.Regex).exec(line)?.[1]]));
    expect(captured).toEqual({ 'train:loss': '0.512346', 'validation:loss': '0.000000', 'validation:accuracy': '0.9667' });
  });

  test('the regexes also read exponents, as SageMaker may see from other models', () => {
    const loss = METRIC_DEFINITIONS.find((d) => d.Name === 'train:loss');
    expect(new RegExp(loss?.Regex ?? '^$').exec('train:loss=1.5e-3;')?.[1]).toBe('1.5e-3');
  });
});
