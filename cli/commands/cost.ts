import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { jsonError, wantsJson } from '../lib/json-output';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs } from '../lib/args';
import { estimateCost } from '../lib/cost/cost-estimate';
import { costJson, formatCost, PRICE_FILE } from '../lib/cost/format-cost';
import { PriceMissingError } from '../lib/cost/price-missing-error';
import type { PriceTable } from '../lib/cost/price-table';
import { defaultPriceTable } from '../lib/cost/price-table';
import { jsonDocument, runReleaseCommand } from '../lib/release/run-release-command';
import { colourWanted, styleFor } from '../lib/release/style';

const HELP = `usage: mlpipe cost [--stage NAME] [--config FILE] [--json]

Estimates what the app costs a month, per stage and region and for the tooling account, from the
config and the dated eu-west-1 price table in ${PRICE_FILE}: endpoint instances (or
serverless compute at the assumed request volume), interface VPC endpoints per AZ, KMS keys, log
and storage volumes, training runs with and without managed spot, and the data-science workspace
(its endpoint per AZ, key and storage; instances only while in use). Every line shows its
quantity and unit price; the assumptions are printed with the numbers. Nothing calls AWS.

flags:
  --stage NAME   only this stage (matched without regard to case); leaves out the tooling account
  --config FILE  the config file (default: ${DEFAULT_CONFIG_FILE})
  --json         print one JSON document instead of text
  -h, --help     show this help

exit codes:
   0  done
   2  bad command line
   3  the config file is missing or invalid
  11  --stage names no stage of the config (the message lists them)
  22  the price table has no price for an instance type the config uses

examples:
  npx mlpipe cost
  npx mlpipe cost --stage Prod
  npx mlpipe cost --json | jq '.totalUsd'
`;

/** `mlpipe cost`, with its price table replaceable for tests. */
export function createCostCommand(prices: () => PriceTable = defaultPriceTable): Command {
  return withUsageErrors({
    name: 'cost',
    summary: 'estimate the monthly cost per stage from the config and a dated price table',
    help: HELP,
    run: (args, io) =>
      runReleaseCommand(io, 'cost', async () => {
        const { values } = parseCommandArgs(args, { stage: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean', default: false } }, 0);
        const file = values.config ?? DEFAULT_CONFIG_FILE;
        const config = loadConfig(resolve(io.cwd, file));
        try {
          const estimate = estimateCost(config, prices(), values.stage);
          io.out(values.json ? jsonDocument(costJson(estimate)) : formatCost(estimate, file, styleFor(colourWanted(io))));
          return ExitCode.OK;
        } catch (err) {
          if (!(err instanceof PriceMissingError)) throw err;
          if (values.json) io.out(jsonError({ code: 'PriceMissing', exitCode: ExitCode.PRICE_MISSING, message: `mlpipe cost: ${err.message}` }));
          else io.err(`mlpipe cost: ${err.message}\n`);
          return ExitCode.PRICE_MISSING;
        }
      }, wantsJson(args)),
  });
}

export const costCommand: Command = createCostCommand();
