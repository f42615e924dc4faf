import { csvRecord } from './escape';
import type { ComplianceReport } from './model';
import { sourceUrl } from './source-link';
import { formatLocation } from './source-location';

/**
 * the header of `compliance.csv`: `source_location` is where the acknowledgement was made, or for
 * an open finding where the resource was defined (`source_url` links it at the commit when the
 * repository is known); `acknowledged_on` is the construct path the acknowledgement was made on.
 */
export const CSV_COLUMNS = [
  'pack',
  'rule',
  'severity',
  'stack',
  'construct_path',
  'status',
  'reason',
  'source_location',
  'source_url',
  'acknowledgement_id',
  'acknowledged_on',
  'defined_at',
  'description',
] as const;

/** the header of `coverage.csv`: one row per pack and rule, counted in resources. */
export const COVERAGE_CSV_COLUMNS = ['pack', 'rule', 'level', 'resources_checked', 'passed', 'acknowledged', 'open', 'not_applicable', 'errors'] as const;

/** `compliance.csv`: one row per finding or acknowledgement (RFC 4180, CRLF line ends, header first). */
export function renderCsv(report: ComplianceReport): string {
  const rows = report.findings.map((f) => {
    const ack = f.acknowledgement;
    const location = ack ? ack.location : f.definedAt;
    return csvRecord([
      f.pack,
      f.rule,
      f.severity,
      f.stack,
      f.constructPath,
      f.status,
      ack?.reason ?? '',
      formatLocation(location),
      sourceUrl(report.repository, report.commit, location) ?? '',
      ack?.id ?? '',
      ack?.constructPath ?? '',
      formatLocation(f.definedAt),
      f.description,
    ]);
  });
  return csvRecord(CSV_COLUMNS) + rows.join('');
}

/** `coverage.csv`: what each rule of each pack checked (RFC 4180, CRLF line ends, header first). */
export function renderCoverageCsv(report: ComplianceReport): string {
  const rows = report.packs.flatMap((p) =>
    (p.coverage?.rules ?? []).map((r) => csvRecord([p.name, r.rule, r.level, r.checked, r.passed, r.acknowledged, r.open, r.notApplicable, r.errors])),
  );
  return csvRecord(COVERAGE_CSV_COLUMNS) + rows.join('');
}
