import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** SageMaker shows the first 1024 characters of /opt/ml/output/failure as the job's FailureReason. */
export const FAILURE_REASON_LIMIT = 1024;

/** writes the failure text (most useful part first) where SageMaker reads it. */
export async function writeFailure(file: string, message: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, message.endsWith('\n') ? message : `${message}\n`);
}
