import { SAGEMAKER_PACK_NAME } from './sagemaker-checks';

/**
 * the names of the packs `registerNagPacks` adds, as they appear in `validation-report.json` and in
 * qualified acknowledgement ids (`<pack>::<rule>`). A pack with nothing to report is absent from the
 * validation report, so the compliance report takes the list of what was checked from here.
 */
export const COMPLIANCE_PACK_NAMES: readonly string[] = [
  'AwsSolutions',
  'NIST.800.53.R5',
  'HIPAA.Security',
  'PCI.DSS.321',
  SAGEMAKER_PACK_NAME,
];
