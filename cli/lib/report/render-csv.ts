import { csvRecord } from './escape';
import type { ComplianceReport } from './model';
import { formatLocation } from './source-location';

/** the CSV header; `source_location` is where the acknowledgement was made, or for an open finding where the resource was defined. */
export const CSV_COLUMNS = [
  'pack',
  'rule',
  'severity',
  'stack',
  'construct_path',
  'status',
  'reason',
  'source_location',
  'acknowledgement_id',
  'acknowledged_at',
  'defined_at',
  'description',
] as const;

/** `compliance.csv`: one row per finding or acknowledgement (RFC 4180, CRLF line ends, header first). */
export function renderCsv(report: ComplianceReport): string {
  const rows = report.findings.map((f) => {
    const ack = f.acknowledgement;
    const source = ack ? formatLocation(ack.location) : formatLocation(f.definedAt);
    return csvRecord([
      f.pack,
      f.rule,
      f.severity,
      f.stack,
      f.constructPath,
      f.status,
      ack?.reason ?? '',
      source,
      ack?.id ?? '',
      ack?.constructPath ?? '',
      formatLocation(f.definedAt),
      f.description,
    ]);
  });
  return csvRecord(CSV_COLUMNS) + rows.join('');
}
