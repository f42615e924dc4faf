import { estimateCost } from '../../../cli/lib/cost/cost-estimate';
import { PriceMissingError } from '../../../cli/lib/cost/price-missing-error';
import { defaultPriceTable } from '../../../cli/lib/cost/price-table';
import { workspaceCost } from '../../../cli/lib/cost/workspace-cost';
import { testConfig } from '../../helpers/test-config';

const prices = defaultPriceTable();
const ALICE = { name: 'alice', identity: 'arn:aws:iam::111111111111:role/DataScientist' };
const BOB = { name: 'bob', identity: 'arn:aws:iam::111111111111:role/DataScientist' };

describe('workspace cost', () => {
  test('is nothing when the workspace is off', () => {
    expect(workspaceCost(testConfig(), prices)).toBeUndefined();
  });

  test('a shared-network Studio workspace costs, idle, its one endpoint per AZ, its key and the users\' storage; instances only while in use', () => {
    const cost = workspaceCost(testConfig({ workspace: { kind: 'studio', users: [ALICE, BOB] } }), prices);
    const byItem = Object.fromEntries((cost?.lines ?? []).map((l) => [l.item, l]));
    // 2 AZs x 730 h x 0.011 USD
    expect(byItem['workspace Studio endpoint']).toMatchObject({ quantity: 1460, monthlyCents: 1606 });
    expect(byItem['workspace KMS key']).toMatchObject({ quantity: 1, monthlyCents: 100 });
    // 2 users x 5 GB x 0.154 USD
    expect(byItem['workspace volumes (5 GB each)']).toMatchObject({ quantity: 10, monthlyCents: 154 });
    // 2 users x 2 GB x 0.33 USD
    expect(byItem['Studio home file system (EFS)']).toMatchObject({ quantity: 4, monthlyCents: 132 });
    // 2 users x 40 h x 0.055 USD
    expect(byItem['workspace ml.t3.medium while in use']).toMatchObject({ quantity: 80, monthlyCents: 440 });
    expect(cost?.idleCents).toBe(1606 + 100 + 154 + 132);
    expect(cost?.notes[0]).toContain('19.92 USD a month when nobody works');
  });

  test('notebooks have no home file system; a network of their own adds its interface endpoints', () => {
    const shared = workspaceCost(testConfig({ workspace: { kind: 'notebook', users: [ALICE] } }), prices);
    expect(shared?.lines.map((l) => l.item)).not.toContain('Studio home file system (EFS)');
    const own = workspaceCost(testConfig({ workspace: { kind: 'notebook', users: [ALICE], network: { cidr: '10.30.0.0/16', maxAzs: 3 } } }), prices);
    const endpoints = own?.lines.find((l) => l.item === 'workspace network: interface endpoints (7 services)');
    expect(endpoints?.quantity).toBe(7 * 3 * 730);
    expect((own?.idleCents ?? 0) - (shared?.idleCents ?? 0)).toBeGreaterThan(15_000);
  });

  test('is part of the tooling account\'s lines and notes in the whole estimate', () => {
    const estimate = estimateCost(testConfig({ workspace: { kind: 'studio', users: [ALICE] } }), prices);
    expect(estimate.tooling?.lines.map((l) => l.item)).toContain('workspace Studio endpoint');
    expect(estimate.tooling?.notes.join('\n')).toContain('when nobody works');
  });

  test('fails naming the key when the instance type has no price', () => {
    expect(() => workspaceCost(testConfig({ workspace: { kind: 'notebook', users: [ALICE], instanceType: 'ml.r5.24xlarge' } }), prices)).toThrow(PriceMissingError);
    expect(() => workspaceCost(testConfig({ workspace: { kind: 'notebook', users: [ALICE], instanceType: 'ml.r5.24xlarge' } }), prices)).toThrow(/no workspace price for ml\.r5\.24xlarge \(workspace\.instanceType\)/);
  });
});
