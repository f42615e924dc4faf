import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ExitCode } from '../../exit-codes';
import { errorMessage, errorName } from '../aws/sdk-failure';
import { checkAnswer } from './check-answer';
import type { LatencySummary } from './latency';
import { measureLatency } from './latency';
import type { SmokeCase } from './smoke-case';

/** where the smoke step writes its report. */
export const DEFAULT_SMOKE_REPORT_PATH = 'reports/smoke/report.json';

/** the gates of one stage. */
export interface SmokeTestOptions {
  /** the endpoint to invoke */
  readonly endpointName: string;
  /** the sample invocations */
  readonly cases: readonly SmokeCase[];
  /** requests of the latency check */
  readonly latencyRequests: number;
  /** requests in flight at once */
  readonly concurrency: number;
  /** the p99 gate, in milliseconds */
  readonly p99LatencyMs: number;
  /**
   * which gates run: the sample invocations, the latency check, or both in that order
   * @default 'all'
   */
  readonly gate?: SmokeGate;
}

/** the gates the smoke step can run. */
export const SMOKE_GATES = ['all', 'samples', 'latency'] as const;
export type SmokeGate = (typeof SMOKE_GATES)[number];

/** what the smoke step talks to; tests pass a mock. */
export interface SmokeTestDeps {
  readonly runtime: SageMakerRuntimeClient;
  /** a monotonic clock in milliseconds */
  readonly now: () => number;
  /** prints one line */
  readonly log: (line: string) => void;
  /** writes the report */
  readonly writeReport: (report: SmokeTestReport) => Promise<void>;
}

/** the smoke step's report. */
export interface SmokeTestReport {
  readonly endpointName: string;
  readonly outcome: 'passed' | 'sample-failed' | 'latency-errors' | 'latency-above-threshold';
  readonly cases: readonly { readonly file: string; readonly description: string; readonly passed: boolean; readonly problems: readonly string[] }[];
  readonly latency?: LatencySummary & { readonly p99ThresholdMs: number };
}

async function invoke(deps: SmokeTestDeps, endpointName: string, smokeCase: SmokeCase): Promise<{ body: string; contentType: string | undefined }> {
  const answer = await deps.runtime.send(
    new InvokeEndpointCommand({ EndpointName: endpointName, ContentType: smokeCase.contentType, Accept: smokeCase.accept, Body: new TextEncoder().encode(smokeCase.body) }),
  );
  return { body: answer.Body ? new TextDecoder().decode(answer.Body) : '', contentType: answer.ContentType };
}

/**
 * what a failed invocation says about the model: the container's error answer (ModelError) is a
 * wrong answer of the gate. Any other failure (throttling, credentials, access, transport, an
 * endpoint that does not exist or is not ready) is not the model's: it is thrown, so the command
 * ends with that failure's own exit code.
 */
function modelProblem(err: unknown): string {
  if (errorName(err) !== 'ModelError') throw err;
  const status = (err as { OriginalStatusCode?: number }).OriginalStatusCode;
  return `the model answered ${status ?? 'an error'}: ${(err as { OriginalMessage?: string }).OriginalMessage ?? errorMessage(err)}`;
}

/**
 * the post-deploy gates: invokes the endpoint with every sample case and checks the answers, then
 * sends `latencyRequests` requests and fails when any errs or the p99 exceeds the threshold.
 * Resolves to the exit code of the gate; a failure to call the endpoint at all (see modelProblem)
 * is thrown.
 */
export async function runSmokeTest(options: SmokeTestOptions, deps: SmokeTestDeps): Promise<number> {
  const gate = options.gate ?? 'all';
  const results: SmokeTestReport['cases'][number][] = [];
  for (const smokeCase of gate === 'latency' ? [] : options.cases) {
    let problems: string[];
    try {
      const answer = await invoke(deps, options.endpointName, smokeCase);
      problems = checkAnswer(smokeCase, answer.body, answer.contentType);
    } catch (err) {
      problems = [modelProblem(err)];
    }
    results.push({ file: smokeCase.file, description: smokeCase.description, passed: problems.length === 0, problems });
    deps.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${smokeCase.description}${problems.map((p) => `\n     ${p}`).join('')}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  if (failed > 0) {
    deps.log(`${failed} of ${results.length} sample invocations of ${options.endpointName} failed; the latency check did not run`);
    await deps.writeReport({ endpointName: options.endpointName, outcome: 'sample-failed', cases: results });
    return ExitCode.SMOKE_TEST_FAILED;
  }
  if (gate === 'samples') {
    await deps.writeReport({ endpointName: options.endpointName, outcome: 'passed', cases: results });
    deps.log(`${results.length} sample invocations of ${options.endpointName} answered as expected`);
    return ExitCode.OK;
  }

  const sample = options.cases[0];
  deps.log(`latency: ${options.latencyRequests} requests of ${sample.description}, ${options.concurrency} at a time`);
  let lastError: unknown;
  let summary: LatencySummary | undefined;
  try {
    summary = await measureLatency({
      invoke: async () => {
        try {
          await invoke(deps, options.endpointName, sample);
        } catch (err) {
          lastError = err;
          throw err;
        }
      },
      requests: options.latencyRequests,
      concurrency: options.concurrency,
      now: deps.now,
    });
  } catch {
    summary = undefined;
  }
  if (summary === undefined || summary.errors > 0) {
    const errors = summary?.errors ?? options.latencyRequests;
    deps.log(`${errors} of ${options.latencyRequests} latency requests failed (last: ${lastError === undefined ? 'no error recorded' : modelProblem(lastError)})`);
    await deps.writeReport({ endpointName: options.endpointName, outcome: 'latency-errors', cases: results, ...(summary ? { latency: { ...summary, p99ThresholdMs: options.p99LatencyMs } } : {}) });
    return ExitCode.SMOKE_TEST_FAILED;
  }
  const latency = { ...summary, p99ThresholdMs: options.p99LatencyMs };
  const within = summary.p99Ms <= options.p99LatencyMs;
  deps.log(`latency p50 ${summary.p50Ms} ms, p90 ${summary.p90Ms} ms, p99 ${summary.p99Ms} ms, max ${summary.maxMs} ms (gate: p99 <= ${options.p99LatencyMs} ms)`);
  if (!within) {
    deps.log(`p99 latency ${summary.p99Ms} ms exceeds the stage's threshold of ${options.p99LatencyMs} ms; make the model or instance faster, or raise stages[].smokeTest.p99LatencyMs`);
    await deps.writeReport({ endpointName: options.endpointName, outcome: 'latency-above-threshold', cases: results, latency });
    return ExitCode.LATENCY_ABOVE_THRESHOLD;
  }
  await deps.writeReport({ endpointName: options.endpointName, outcome: 'passed', cases: results, latency });
  deps.log(`smoke test of ${options.endpointName} passed`);
  return ExitCode.OK;
}
