import { isLiteral, prop, renderIntrinsic } from '../../compliance/internal/cfn-values';

describe('prop: a property in either casing', () => {
  test('reads the camelCase key of L1 props, and the PascalCase key of templates', () => {
    expect(prop({ kmsKeyId: 'a' }, 'kmsKeyId')).toBe('a');
    expect(prop({ KmsKeyId: 'b' }, 'kmsKeyId')).toBe('b');
  });

  test('prefers the camelCase key, also when its value is undefined or false', () => {
    expect(prop({ kmsKeyId: 'a', KmsKeyId: 'b' }, 'kmsKeyId')).toBe('a');
    expect(prop({ enableCapture: false, EnableCapture: true }, 'enableCapture')).toBe(false);
    expect(prop({ kmsKeyId: undefined, KmsKeyId: 'b' }, 'kmsKeyId')).toBeUndefined();
  });

  test('reads nothing of a value that is not an object, or lacks the key', () => {
    expect([prop(undefined, 'a'), prop(null, 'a'), prop('text', 'length'), prop(5, 'a'), prop({ b: 1 }, 'a')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('renderIntrinsic: one comparable string per value', () => {
  test('renders literals as they are, and null or undefined as empty', () => {
    expect([renderIntrinsic('x'), renderIntrinsic(3), renderIntrinsic(false), renderIntrinsic(null), renderIntrinsic(undefined)]).toEqual(['x', '3', 'false', '', '']);
  });

  test('renders Ref and both forms of Fn::GetAtt as ${...}', () => {
    expect(renderIntrinsic({ Ref: 'Endpoint' })).toBe('${Endpoint}');
    expect(renderIntrinsic({ 'Fn::GetAtt': ['Endpoint', 'EndpointName'] })).toBe('${Endpoint.EndpointName}');
    expect(renderIntrinsic({ 'Fn::GetAtt': 'Endpoint.EndpointName' })).toBe('${Endpoint.EndpointName}');
  });

  test('joins Fn::Join parts with its rendered delimiter, nested intrinsics rendered', () => {
    expect(renderIntrinsic({ 'Fn::Join': ['', ['endpoint/', { 'Fn::GetAtt': ['Ep', 'EndpointName'] }, '/variant/AllTraffic']] })).toBe('endpoint/${Ep.EndpointName}/variant/AllTraffic');
    expect(renderIntrinsic({ 'Fn::Join': ['/', ['a', { Ref: 'B' }]] })).toBe('a/${B}');
  });

  test('renders Fn::Sub as its template, in the string and the list form', () => {
    expect(renderIntrinsic({ 'Fn::Sub': 'endpoint/${Ep.EndpointName}' })).toBe('endpoint/${Ep.EndpointName}');
    expect(renderIntrinsic({ 'Fn::Sub': ['endpoint/${Name}', { Name: 'x' }] })).toBe('endpoint/${Name}');
  });

  test('renders anything else, malformed intrinsics included, as its JSON', () => {
    const others: unknown[] = [
      { Ref: 5 },
      { 'Fn::GetAtt': ['OnlyOne'] },
      { 'Fn::GetAtt': 7 },
      { 'Fn::Join': ['', 'not-a-list'] },
      { 'Fn::Join': [''] },
      { 'Fn::Sub': [5] },
      { 'Fn::Sub': 5 },
      { Ref: 'A', Extra: 1 },
      { 'Fn::Select': [0, ['a']] },
      ['a', 'b'],
      {},
    ];
    expect(others.map(renderIntrinsic)).toEqual(others.map((v) => JSON.stringify(v)));
  });
});

describe('isLiteral', () => {
  test('is true for strings, numbers and booleans only', () => {
    expect(['', 0, false, 'x'].every(isLiteral)).toBe(true);
    expect([undefined, null, {}, ['a'], { Ref: 'A' }].some(isLiteral)).toBe(false);
  });
});
