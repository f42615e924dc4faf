import { formatHistory } from '../../../cli/lib/release/format-history';
import { executionView, shortTriggerDetail } from '../../../cli/lib/release/history-view';
import { stripAnsi, styleFor } from '../../../cli/lib/release/style';
import { EXECUTION_ID, NOW, OLD_EXECUTION_ID, executionSummaries } from './fixtures';

const views = () => executionSummaries().map((s) => executionView(s, NOW));

describe('executionView', () => {
  test('a running execution is measured up to now', () => {
    expect(views()[0]).toMatchObject({ pipelineExecutionId: EXECUTION_ID, status: 'InProgress', running: true, durationMs: 3 * 3_600_000 });
  });

  test('a finished execution is measured from start to last update', () => {
    expect(views()[1]).toMatchObject({ pipelineExecutionId: OLD_EXECUTION_ID, status: 'Succeeded', running: false, durationMs: 42 * 60_000 + 10_000 });
    expect(views()[1].revisions).toEqual([{ source: 'sagemaker-cdk-pipeline', revisionId: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432', message: 'Add the latency gate' }]);
  });

  test('an execution without start time has no duration', () => {
    expect(executionView({ pipelineExecutionId: 'x', status: 'Cancelled' }, NOW)).toEqual({
      pipelineExecutionId: 'x',
      status: 'Cancelled',
      trigger: 'unknown',
      revisions: [],
      running: false,
    });
  });

  test('trigger details are shortened to the last part of the ARN', () => {
    expect(shortTriggerDetail('arn:aws:sts::111111111111:assumed-role/ReleaseManager/alice')).toBe('alice');
    expect(shortTriggerDetail('arn:aws:events:eu-west-1:111111111111:rule/mlops-pipeline-source-rule')).toBe('mlops-pipeline-source-rule');
  });
});

describe('formatHistory', () => {
  test('prints one row per execution with status, trigger, start, duration and revision', () => {
    expect(formatHistory('mlops-pipeline', views(), styleFor(false)).split('\n')).toEqual([
      'pipeline mlops-pipeline: the last 3 executions, newest first',
      '',
      'EXECUTION                             STATUS      TRIGGER                                       STARTED               DURATION   REVISION',
      `${EXECUTION_ID}  InProgress  CloudWatchEvent (mlops-pipeline-source-rule)  2026-05-04 09:00 UTC  3h so far  4e5f6a7b "Tune the learning rate of the iris model"`,
      `${OLD_EXECUTION_ID}  Succeeded   StartPipelineExecution (alice)                2026-05-03 08:00 UTC  42m 10s    9f8e7d6c "Add the latency gate"`,
      'fa11ed00-0000-4000-8000-000000000000  Failed      Webhook                                       2026-05-02 07:00 UTC  15m 3s     -',
      '',
    ]);
  });

  test('colours statuses on a terminal without changing the text', () => {
    const coloured = formatHistory('mlops-pipeline', views(), styleFor(true));
    expect(coloured).toContain('\u001b[31mFailed\u001b[39m');
    expect(stripAnsi(coloured)).toBe(formatHistory('mlops-pipeline', views(), styleFor(false)));
  });

  test('says when the pipeline has no executions', () => {
    expect(formatHistory('mlops-pipeline', [], styleFor(false))).toBe('pipeline mlops-pipeline has no executions yet (CodePipeline keeps 12 months of history)\n');
  });
});
