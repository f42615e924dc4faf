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

/** one model to smoke-test: its name, the TargetModel it is invoked by on a multi-model endpoint, its cases. */
export interface SmokeTarget {
  /** the model's name in the catalogue */
  readonly model: string;
  /**
   * the TargetModel of the model on a multi-model endpoint
   * @default - none: the endpoint serves one model
   */
  readonly targetModel?: string;
  /** the model's sample invocations */
  readonly cases: readonly SmokeCase[];
}

/** the gates of one stage. */
export interface SmokeTestOptions {
  /** the endpoint to invoke */
  readonly endpointName: string;
  /**
   * the sample invocations, when the endpoint serves one model (see `targets` for several)
   * @default - the cases of `targets`
   */
  readonly cases?: readonly SmokeCase[];
  /**
   * the models to test, each with its cases and TargetModel; the latency check runs per model
   * @default - one target with `cases` and no TargetModel
   */
  readonly targets?: readonly SmokeTarget[];
  /** requests of the latency check (per model) */
  readonly latencyRequests: number;
  /** requests in flight at once */
  readonly concurrency: number;
  /** the p99 gate, in milliseconds (every model must meet it) */
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

/** one model's latency figures, with the gate it had to meet. */
export interface ModelLatency extends LatencySummary {
  /** the model, when the endpoint serves a catalogue (undefined for a one-model run) */
  readonly model: string | undefined;
  readonly targetModel: string | undefined;
  readonly p99ThresholdMs: number;
}

/** the smoke step's report. */
export interface SmokeTestReport {
  readonly endpointName: string;
  readonly outcome: 'passed' | 'sample-failed' | 'latency-errors' | 'latency-above-threshold';
  readonly cases: readonly { readonly model?: string; readonly file: string; readonly description: string; readonly passed: boolean; readonly problems: readonly string[] }[];
  /** the slowest model's latency (the only one's when the endpoint serves one model) */
  readonly latency?: ModelLatency;
  /** every model's latency, when the check ran */
  readonly models?: readonly ModelLatency[];
}

async function invoke(deps: SmokeTestDeps, endpointName: string, smokeCase: SmokeCase, targetModel: string | undefined): Promise<{ body: string; contentType: string | undefined }> {
  const answer = await deps.runtime.send(
    new InvokeEndpointCommand({ EndpointName: endpointName, TargetModel: targetModel, ContentType: smokeCase.contentType, Accept: smokeCase.accept, Body: new TextEncoder().encode(smokeCase.body) }),
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

/** the targets of a run: the given ones, or one target of `cases`. */
function targetsOf(options: SmokeTestOptions): SmokeTarget[] {
  if (options.targets && options.targets.length > 0) return [...options.targets];
  if (!options.cases || options.cases.length === 0) throw new Error('the smoke test has no sample cases; pass cases or targets');
  return [{ model: '', cases: options.cases }];
}

/** `model m: ` before a line when the run covers a catalogue. */
const labelOf = (target: SmokeTarget): string => (target.model ? `model ${target.model}: ` : '');

/** one model's latency run; undefined figures when every request failed. */
async function modelLatency(options: SmokeTestOptions, deps: SmokeTestDeps, target: SmokeTarget): Promise<{ latency: ModelLatency | undefined; lastError: unknown }> {
  let lastError: unknown;
  const sample = target.cases[0];
  deps.log(`${labelOf(target)}latency: ${options.latencyRequests} requests of ${sample.description}, ${options.concurrency} at a time`);
  try {
    const summary = await measureLatency({
      invoke: async () => {
        try {
          await invoke(deps, options.endpointName, sample, target.targetModel);
        } catch (err) {
          lastError = err;
          throw err;
        }
      },
      requests: options.latencyRequests,
      concurrency: options.concurrency,
      now: deps.now,
    });
    return { latency: { model: target.model || undefined, targetModel: target.targetModel, ...summary, p99ThresholdMs: options.p99LatencyMs }, lastError };
  } catch {
    return { latency: undefined, lastError };
  }
}

/**
 * the post-deploy gates: invokes the endpoint with every sample case of every model (each through
 * its TargetModel on a multi-model endpoint) and checks the answers, then sends `latencyRequests`
 * requests per model and fails when any errs or a model's p99 exceeds the threshold; it reports
 * each model's p99 and the slowest. Resolves to the exit code of the gate; a failure to call the
 * endpoint at all (see modelProblem) is thrown.
 */
export async function runSmokeTest(options: SmokeTestOptions, deps: SmokeTestDeps): Promise<number> {
  const gate = options.gate ?? 'all';
  const targets = targetsOf(options);
  const results: SmokeTestReport['cases'][number][] = [];
  for (const target of gate === 'latency' ? [] : targets) {
    for (const smokeCase of target.cases) {
      let problems: string[];
      try {
        const answer = await invoke(deps, options.endpointName, smokeCase, target.targetModel);
        problems = checkAnswer(smokeCase, answer.body, answer.contentType);
      } catch (err) {
        problems = [modelProblem(err)];
      }
      results.push({ ...(target.model ? { model: target.model } : {}), file: smokeCase.file, description: smokeCase.description, passed: problems.length === 0, problems });
      deps.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${labelOf(target)}${smokeCase.description}${problems.map((p) => `\n     ${p}`).join('')}`);
    }
  }
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0) {
    const models = [...new Set(failed.map((r) => r.model).filter((m) => m !== undefined))];
    deps.log(`${failed.length} of ${results.length} sample invocations of ${options.endpointName} failed${models.length > 0 ? ` (model ${models.join(', ')})` : ''}; the latency check did not run`);
    await deps.writeReport({ endpointName: options.endpointName, outcome: 'sample-failed', cases: results });
    return ExitCode.SMOKE_TEST_FAILED;
  }
  if (gate === 'samples') {
    await deps.writeReport({ endpointName: options.endpointName, outcome: 'passed', cases: results });
    deps.log(`${results.length} sample invocations of ${options.endpointName} answered as expected`);
    return ExitCode.OK;
  }

  const runs: { target: SmokeTarget; latency: ModelLatency | undefined; lastError: unknown }[] = [];
  for (const target of targets) runs.push({ target, ...(await modelLatency(options, deps, target)) });
  const measured = runs.flatMap((r) => (r.latency ? [r.latency] : []));
  const slowest = measured.length > 0 ? measured.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a)) : undefined;
  const figures = slowest ? { latency: slowest, models: measured } : {};
  for (const latency of measured) {
    deps.log(`${latency.model ? `model ${latency.model}: ` : ''}latency p50 ${latency.p50Ms} ms, p90 ${latency.p90Ms} ms, p99 ${latency.p99Ms} ms, max ${latency.maxMs} ms (gate: p99 <= ${options.p99LatencyMs} ms)`);
  }
  if (targets.length > 1 && slowest) deps.log(`slowest model: ${slowest.model} (p99 ${slowest.p99Ms} ms)`);

  const erring = runs.filter((r) => r.latency === undefined || r.latency.errors > 0);
  if (erring.length > 0) {
    for (const r of erring) {
      const errors = r.latency?.errors ?? options.latencyRequests;
      deps.log(`${labelOf(r.target)}${errors} of ${options.latencyRequests} latency requests failed (last: ${r.lastError === undefined ? 'no error recorded' : modelProblem(r.lastError)})`);
    }
    await deps.writeReport({ endpointName: options.endpointName, outcome: 'latency-errors', cases: results, ...figures });
    return ExitCode.SMOKE_TEST_FAILED;
  }
  const over = measured.filter((l) => l.p99Ms > options.p99LatencyMs);
  if (over.length > 0) {
    for (const l of over) {
      deps.log(`${l.model ? `model ${l.model}: ` : ''}p99 latency ${l.p99Ms} ms exceeds the stage's threshold of ${options.p99LatencyMs} ms; make the model or instance faster, or raise stages[].smokeTest.p99LatencyMs`);
    }
    await deps.writeReport({ endpointName: options.endpointName, outcome: 'latency-above-threshold', cases: results, ...figures });
    return ExitCode.LATENCY_ABOVE_THRESHOLD;
  }
  await deps.writeReport({ endpointName: options.endpointName, outcome: 'passed', cases: results, ...figures });
  deps.log(`smoke test of ${options.endpointName} passed`);
  return ExitCode.OK;
}
