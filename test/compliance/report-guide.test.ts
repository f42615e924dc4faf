import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COVERAGE_CSV_COLUMNS, CSV_COLUMNS } from '../../cli/lib/report/render-csv';
import { REPORT_FILES } from '../../cli/lib/report/write-reports';
import { ROOT } from './helpers/source-line';

const GUIDE = readFileSync(join(ROOT, 'docs/compliance-report-guide.md'), 'utf8');

describe('docs/compliance-report-guide.md', () => {
  test('explains every column of compliance.csv and coverage.csv and names every file the report writes', () => {
    const inCode = new Set([...GUIDE.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    const missing = [...CSV_COLUMNS, ...COVERAGE_CSV_COLUMNS, ...Object.values(REPORT_FILES)].filter((name) => !inCode.has(name));
    expect(missing).toEqual([]);
  });

  test('shows the rendered report and links the sample page that sits next to it', () => {
    expect(GUIDE).toContain('![The compliance report of the sample app](compliance-report.png)');
    expect(GUIDE).toContain('[compliance-report.html](compliance-report.html)');
  });
});
