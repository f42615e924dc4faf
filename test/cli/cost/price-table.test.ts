import { defaultPriceTable, parsePriceTable } from '../../../cli/lib/cost/price-table';
import prices from '../../../cli/lib/cost/prices.eu-west-1.json';

describe('the price table kept in the repository', () => {
  const table = defaultPriceTable();

  test('is dated, names its region and sources, and says whether it was checked', () => {
    expect(table.region).toBe('eu-west-1');
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.source).toContain('https://aws.amazon.com/sagemaker/pricing/');
    expect(table.source).toContain('Price List API');
    expect(typeof table.verified).toBe('boolean');
  });

  test('prices the default instance types of the config for hosting and training', () => {
    expect(table.sagemaker.hostingPerInstanceHour['ml.m5.large']).toBeGreaterThan(0);
    expect(table.sagemaker.trainingPerInstanceHour['ml.m5.large']).toBeGreaterThan(0);
  });

  test('assumes the seven interface endpoints every VPC of the app has', () => {
    expect(table.assumptions.interfaceEndpoints.services).toEqual(['sagemaker.api', 'sagemaker.runtime', 'ecr.api', 'ecr.dkr', 'logs', 'monitoring', 'sts']);
  });

  test('fails when a price is negative or an assumption is missing, naming both', () => {
    const broken = JSON.parse(JSON.stringify(prices));
    broken.kms.perKeyMonth = -1;
    delete broken.assumptions.training.runsPerMonth;
    expect(() => parsePriceTable(broken, 'broken.json')).toThrow(/^price table broken\.json is malformed; fix kms\.perKeyMonth: [^;]+; assumptions\.training\.runsPerMonth: [^;]+$/);
  });
});
