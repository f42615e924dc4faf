import { estimateCost } from '../../../cli/lib/cost/cost-estimate';
import { PriceMissingError } from '../../../cli/lib/cost/price-missing-error';
import { defaultPriceTable } from '../../../cli/lib/cost/price-table';
import type { PriceTable } from '../../../cli/lib/cost/price-table';
import { workspaceCost } from '../../../cli/lib/cost/workspace-cost';
import { testConfig } from '../../helpers/test-config';

const prices = defaultPriceTable();
const ALICE = { name: 'alice', identity: 'arn:aws:iam::111111111111:role/DataScientist' };
const BOB = { name: 'bob', identity: 'arn:aws:iam::111111111111:role/DataScientist' };
/** the repository's table with different notebook and Studio prices for ml.t3.medium (the real ones are equal). */
const SPLIT: PriceTable = {
  ...prices,
  workspace: { ...prices.workspace, notebookPerInstanceHour: { 'ml.t3.medium': 0.25 }, studioPerInstanceHour: { 'ml.t3.medium': 0.5 } },
};
const fields = (lines: readonly { item: string; basis: string; quantity: number; unit: string; unitPriceUsd: number; monthlyCents: number }[] = []) =>
  lines.map((l) => [l.item, l.basis, l.quantity, l.unit, l.unitPriceUsd, l.monthlyCents]);

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

  test('a notebook workspace with its own 3-AZ network prints every line, its endpoint in each of its own AZs and the notebook price', () => {
    const cost = workspaceCost(testConfig({ workspace: { kind: 'notebook', users: [ALICE], network: { cidr: '10.30.0.0/16', maxAzs: 3 } } }), SPLIT);
    expect(fields(cost?.lines)).toEqual([
      // 7 x 3 x 730 = 15330 endpoint-AZ-hours x 0.011 = 168.63 USD
      ['workspace network: interface endpoints (7 services)', '7 x 3 AZs x 730 h', 15330, 'endpoint-AZ-hour', 0.011, 16863],
      ['workspace network: interface endpoint data', '5 GB', 5, 'GB', 0.01, 5],
      // 3 x 730 = 2190 x 0.011 = 24.09 USD (the workspace's 3 AZs, not the training network's 2)
      ['workspace notebook endpoint', '1 x 3 AZs x 730 h', 2190, 'endpoint-AZ-hour', 0.011, 2409],
      ['workspace KMS key', '1 key', 1, 'key-month', 1, 100],
      // 1 x 5 GB x 0.154 = 0.77 USD
      ['workspace volumes (5 GB each)', '1 user x 5 GB', 5, 'GB-month', 0.154, 77],
      // 1 x 40 h x 0.25 = 10 USD
      ['workspace ml.t3.medium while in use', '1 user x 40 h (stopped after 60 idle minutes)', 40, 'instance-hour', 0.25, 1000],
    ]);
    // 16863 + 5 + 2409 + 100 + 77
    expect(cost?.idleCents).toBe(19454);
    expect(cost?.notes).toEqual(['workspace: 194.54 USD a month when nobody works (endpoints, key, storage; idle instances are stopped, none billed); each hour in use adds 0.25 USD per user']);
  });

  test('a Studio workspace on the training network prints its basis per user, the Studio price and says it shares the network', () => {
    const cost = workspaceCost(testConfig({ workspace: { kind: 'studio', users: [ALICE, BOB], idleTimeoutMinutes: 90 } }), SPLIT);
    expect(fields(cost?.lines)).toEqual([
      ['workspace Studio endpoint', '1 x 2 AZs x 730 h', 1460, 'endpoint-AZ-hour', 0.011, 1606],
      ['workspace KMS key', '1 key', 1, 'key-month', 1, 100],
      ['workspace volumes (5 GB each)', '2 users x 5 GB', 10, 'GB-month', 0.154, 154],
      ['Studio home file system (EFS)', '2 users x 2 GB', 4, 'GB-month', 0.33, 132],
      // 2 x 40 h x 0.5 = 40 USD
      ['workspace ml.t3.medium while in use', '2 users x 40 h (stopped after 90 idle minutes)', 80, 'instance-hour', 0.5, 4000],
    ]);
    expect(cost?.notes).toEqual([
      'workspace: 19.92 USD a month when nobody works (endpoints, key, storage; idle instances are stopped, none billed); each hour in use adds 0.5 USD per user',
      "workspace: shares the training network, so it adds only its own endpoint to the VPC's interface endpoints",
    ]);
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

  test('fails when only the other kind\'s table prices the instance type, listing the types of the right one', () => {
    const studioOnly: PriceTable = { ...prices, workspace: { ...prices.workspace, notebookPerInstanceHour: { 'ml.m5.large': 0.128, 'ml.c5.xlarge': 0.23 }, studioPerInstanceHour: { 'ml.t3.medium': 0.055 } } };
    const failure = (() => {
      try {
        workspaceCost(testConfig({ workspace: { kind: 'notebook', users: [ALICE] } }), studioOnly);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(PriceMissingError);
    expect(failure).toMatchObject({ use: 'workspace', instanceType: 'ml.t3.medium', where: 'workspace.instanceType', known: ['ml.m5.large', 'ml.c5.xlarge'] });
    expect(workspaceCost(testConfig({ workspace: { kind: 'studio', users: [ALICE] } }), studioOnly)?.lines.at(-1)?.unitPriceUsd).toBe(0.055);
  });
});
