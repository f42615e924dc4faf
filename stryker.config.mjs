// @ts-check
/**
 * Mutation testing of the decision logic (`npm run test:mutation`; not part of `npm test`).
 * Scores per module, run times and the commands: docs/mutation-testing.md.
 *
 * The modules are measured in groups, each against the unit tests of its area (GROUPS below):
 * `npm run test:mutation` (bin/mutation-test.mjs) runs every group in turn and prints the score of
 * each module; one group, or one module of it:
 *   npm run test:mutation -- --group release
 *   MUTATION_GROUP=config npx stryker run stryker.config.mjs --mutate config/endpoint-rules.ts
 * Each group writes reports/mutation/<group>/mutation.html and mutation.json.
 *
 * How the tests of a mutant are chosen: `coverageAnalysis: perTest` records which tests execute
 * each mutant in the initial run, and the jest runner's `enableFindRelatedTests` loads only the
 * test files that import the mutated file (directly or through a command: jest.config.js lists the
 * source folders as roots so that jest can follow those imports). A mutant then runs only the tests
 * that reach it.
 *
 * Each group's tests are the unit tests of its area (in-process command tests included). Left out
 * (they stay in `npm test`): tests that run `mlpipe` or Docker as a child process (loopback,
 * validate, images), because the child does not see the active mutant and cannot kill it; and the
 * tests that synthesize whole stages or pipelines (test/stages, test/pipeline), because every
 * related test file is loaded for every mutant and aws-cdk-lib costs seconds each time, and the
 * decision logic must be pinned by unit tests, which is what this measures.
 *
 * `ignoreStatic`: mutants that run only while a module loads (the literals of a zod schema, the
 * message strings built at import) would need every related test file re-run with a fresh module
 * registry per mutant; they are left out and the score counts the mutants that run in tests.
 *
 * Surviving mutants that cannot change behaviour (equivalent mutants), by module:
 * - config/endpoint-rules.ts
 *   - the `!== undefined &&` guards before a comparison with a number (provisionedConcurrency >
 *     maxConcurrency, step.upper <= step.lower, and the three mutants of the scheduled action's
 *     `maxCapacity < minCapacity` check, `&&` to `||` included) mutated to `true`: a comparison
 *     with undefined is false, so the guard never changes the outcome;
 *   - `code: 'custom'` of a reported issue mutated to '': the message is written on the issue, so
 *     the error map never rewrites it, and nothing reads the code of a custom issue;
 *   - `c.monitoring?.enabled` mutated to `c.monitoring.enabled`: the rules run only from the
 *     endpoint schema's refinement, where `monitoring` has a default (`prefault({})`), so it is
 *     never undefined there.
 * - config/endpoint-schedule.ts (96.0 %): `/s$/` of the rate unit mutated to `/s/` (every unit's
 *   only "s" is its last letter); the `name === 'UTC'` shortcut removed or its string emptied
 *   (Node's Intl accepts "UTC" and the zone-name pattern matches it, so the slow path answers the
 *   same); the zone-name pattern's `^` or `$` dropped (Intl refuses every name with text outside the
 *   pattern, such as "+01:00", before the pattern is read).
 * - config/training-identity.ts
 *   - the key comparator of canonicalJson (`a < b ? -1 : a > b ? 1 : 0`) mutated to `<=`, `>=`,
 *     `a < b ? -1 : 0` or `a < b ? -1 : 1` (6 mutants): the keys of one object are distinct, so
 *     `a === b` never happens, and V8's sort only asks whether the comparator is negative (checked
 *     on 2000 random key sets of 2-120 keys: the same order every time);
 *   - the same 4 mutants of the channel comparator: channels come from a map keyed by name, so
 *     their names are distinct too;
 *   - `value !== null &&` mutated to `true &&`: a ModelDefinition holds no null (strings, numbers,
 *     booleans, objects and arrays of them), so the null branch is never reached.
 * - cli/lib/aws/sdk-failure.ts: the `code` fallback (`typeof e.code === 'string' ? e.code : ''`
 *   mutated to always `e.code`, or '' to another string): the code is only looked up in a set of
 *   string codes, which neither a non-string nor the fallback is in.
 * - cli/lib/smoke/check-answer.ts: `contentType ?? ''` mutated to another string without "json"
 *   (an answer without a Content-Type is read as CSV either way); the `Array.isArray` guard mutated
 *   away (mapping a non-array throws inside the try, which also answers undefined); and the
 *   'no Content-Type' text of the no-predictions problem (only a JSON answer, which has a type, can
 *   have no predictions).
 * - cli/lib/smoke/smoke-case.ts: `c.body !== undefined &&` mutated to `true &&` (JSON.stringify of
 *   undefined is undefined, which is reported as "no body" all the same); readFile's 'utf8'
 *   mutated to '' (the Buffer read instead is decoded as UTF-8 by JSON.parse's string coercion);
 *   and, not equivalent but not killable here, `.sort()` of the case names removed: this machine's
 *   file systems list a folder in name order already (the test writes the files out of order, so
 *   it fails where they do not).
 * - cli/lib/release/answer-approval.ts: `executionId === undefined ? undefined : executions.get(...)`
 *   mutated to always `executions.get(executionId)`: the map is empty when there is no id.
 * - cli/lib/release/pending-approval.ts: `?? []` of actionStates and stageStates mutated to
 *   `?? ["Stryker was here"]`: a string element has no latestExecution / actionStates, so it yields
 *   no approval, exactly like the empty list.
 * - cli/lib/training/metric-gate.ts: `?? []` of FinalMetricDataList (twice) mutated to a list with
 *   a string, which matches no metric name and lists as '' (then 'none'); `reported === undefined ||`
 *   mutated to `false ||`: `Number.isFinite(undefined)` is false, so the other operand decides.
 * - cli/lib/training/training-request.ts: `plan.entry === undefined ||` of the framework check
 *   mutated to `false ||`: imageUri is `plan.entry?.trainingImageUri`, so a missing entry makes it
 *   undefined and the other operand throws the same error (the operand is there for TypeScript, which
 *   needs plan.entry narrowed for `plan.entry.name`).
 * - compliance/internal/sagemaker-topology.ts (91.8 %): in scalesVariant, `typeof min === 'number'`
 *   or `typeof max === 'number'` mutated to true, or their `&&` to `||`: a capacity is a number or
 *   an unresolved intrinsic (an object), and a comparison of an object with a number is false, so
 *   only two objects tell them apart, which needs both guards gone (that mutant is killed by the
 *   deploy-time-parameters test of endpoint-rule-edges); `isLiteral(resolved)` mutated to true
 *   pushes the text of an unresolved object ("[object Object]"), which no rendered name equals.
 *   Not equivalent but not reachable by this app: `Stack.of(c) === Stack.of(node)` mutated to true
 *   differs only for resources in a nested stack (the app has none), and the `!Array.isArray`
 *   guard of variantsOf only for an endpoint config whose variants are an intrinsic.
 * - compliance/internal/cfn-values.ts: `arg.length === 2` of Fn::Join mutated to true: only a
 *   Fn::Join with other than two arguments, which CloudFormation rejects, tells them apart.
 * - cli/lib/training/wait-for-job.ts: the 'Unknown' / '' placeholders of the status string, the
 *   initial lastStatus and the `?? ''` of the terminal check mutated to other strings: the status
 *   string is only compared with the previous one (any constant placeholder compares the same, and
 *   it always contains "/", so it never equals the initial value) and no placeholder is a terminal
 *   status.
 * - cli/lib/release/revisions.ts: `revisions ?? []` (twice) mutated to `["Stryker was here"]`: a
 *   string has no revisionId, so it yields no view, like the empty list; the early
 *   `summary.trim() === ''` test mutated to false, to `summary === ''` or to another string: a
 *   blank summary has a blank first line, which the last check turns into "no message" anyway;
 *   `trimStart().startsWith('{')` mutated to true (or `startsWith('')`): JSON.parse of a
 *   non-object either throws (caught) or gives a value without a string CommitMessage, so the
 *   summary stays the message.
 * - cli/lib/release/pipeline-view.ts: `stageStates ?? []` mutated to `["Stryker was here"]` (a string
 *   has no latestExecution) and `executionId === undefined ? undefined : executions.get(...)`
 *   mutated to always `get` (the map holds no undefined key).
 * - compliance/rules/*.ts: the `instanceof` guard of data-capture-encrypted mutated away (a resource
 *   of another type has no DataCaptureConfig, so it is not applicable either way); `typeof key ===
 *   'string' &&` before the alias/aws/ test mutated to true (RegExp.test of an intrinsic object
 *   reads "[object Object]", which is no AWS alias); blue/green's `config ? variantsOf(config) :
 *   []` mutated to a list of a string (a string is not serverless, so the rule applies, as with no
 *   variants); training-data-endpoint-only's `a === '*'` mutated to false or '' (the trailing-wildcard
 *   branch covers "*" too), the PascalCase 'StringNotEquals' lookup emptied (prop() already reads
 *   both casings), and the CfnBucketPolicy type filter removed (other resources have no Bucket that
 *   Refs the bucket). Unreachable rather than equivalent: the `value !== undefined` fallbacks for a
 *   list that is neither an array nor undefined (alarms, subnets, list()), `notEquals === null`
 *   and `typeof a === 'string'` mutated to constants: a resolved template of this app has lists
 *   as arrays, no nulls and string actions; only a raw Fn::If in those places would tell.
 * - containers/serving/src/media-types.ts (14 of its survivors): the fast paths for the exact
 *   types (`contentType === 'text/csv'`, `accept === 'application/json'`, `accept === '*\/*'`, ...)
 *   mutated to false or their strings emptied: the general path (essence of the Content-Type; the
 *   q-weighted list of Accept) gives the same format for those exact strings, they only skip the
 *   parsing; `contentType ?? ''` mutated to another string: that text is no media type either, and
 *   the message says "no Content-Type" from `contentType === undefined`; `if (!(q > 0)) continue`
 *   mutated to `false`, `true` or `q >= 0`: a type with q 0 (or NaN) can never pass `q > bestQ`
 *   (bestQ starts at 0), so skipping it early changes nothing.
 * - containers/serving/src/csv-rows.ts: `i < end` of the comma count, `pos < length` of the line
 *   loop, `cellEnd > lineEnd` and `lineEnd > pos` mutated to `<=` / `>=` / `true`, and `a < b` of
 *   the leading trim mutated to `<=` or `true`: the character at a line's end is "\n", "\r" or past
 *   the text (never "," nor a space), the character before an empty line is "\n", and a loop one
 *   past the last newline only counts a blank line; so the scanner reads the same cells.
 * - containers/serving/src/feature-rows.ts: the up-front growth of the shared buffer
 *   (`data.length < capacity` mutated to true, false, `<=`, `>=`) and `Math.max(capacity, 8)` mutated to
 *   `Math.min`: `set()` grows the buffer whenever an index is past its end, so the values read back
 *   are the same; only how often it allocates changes.
 * - containers/serving/src/json-rows.ts: `typeof value !== 'number' ||` mutated to `false ||`
 *   (Number.isFinite is false for every non-number too); `typeof parsed === 'object' &&` mutated to
 *   `true &&` (a primitive has no array `instances`, null is excluded by the next test); the shared
 *   buffer's capacity `rows.length * d` mutated to `/` (set() grows it).
 * - containers/serving/src/request-headers.ts: the initial `{ contentLength: undefined, ... }`
 *   mutated to `{}`: a missing property reads as undefined just the same (the literal only fixes
 *   the object's shape for V8).
 * - compliance/acknowledgement-policy.ts: the sort of the packs a rule id starts with (removed, or
 *   its comparator mutated to `b.length + a.length` or `() => undefined`): no pack name is a prefix
 *   of another (AwsSolutions, NIST.800.53.R5, HIPAA.Security, PCI.DSS.321, SageMaker), so at most
 *   one pack matches and the sort never compares; `separator > bracket` mutated to `>=` (the indexes
 *   of "::" and "[" are never equal); `entry.data === null` mutated to false (constructs'
 *   addMetadata drops null data, so no entry holds null); `entry.trace ?? []` and the suppression
 *   fallback `: []` mutated to a list of "Stryker was here" (a line that is no stack frame is
 *   skipped; a string without the path-id separator matches no acknowledgement); `e.madeBy ?? ''`
 *   mutated to another string (only the app's own entries lack madeBy, and a library name is never
 *   that string).
 * - config/schema.ts, training-schema.ts, workspace-rules.ts, endpoint-schema.ts (measured on four
 *   of the group's test files, see docs/mutation-testing.md): `code: 'custom'` of a reported issue
 *   mutated to '' (11 mutants, as in endpoint-rules.ts); the stage names' `toLowerCase()` mutated to
 *   `toUpperCase()` (either folds case; names are ASCII letters and digits); `endpoint.kind ??
 *   'instance'` mutated to '' (either is not 'serverless'); hasInstanceStorage's `?? ''` mutated to
 *   another string (no family, and no other string matches either) and its family regex without `^`
 *   or `$`, or with one letter before the generation (`[a-z]` for `[a-z]+`): SageMaker family names
 *   are letters, one generation number and option letters, and none with a d option has two letters
 *   before its generation, so the readings agree on every family (not pinned); `maxWaitSeconds !==
 *   undefined` mutated to true in the spot wait check (`undefined < n` is false). Killed by files the
 *   focused run left out: workspace-rules' account and region checks mutated to true (the tooling
 *   account and region given explicitly, test/config/workspace-config.test.ts).
 * - config/metric-bounds.ts: `?? ''` after `pop()` mutated to another string (split always gives
 *   a non-empty list, so it never applies); the hint's `threshold > 1` mutated to `>= 1` (a
 *   threshold of 1 is inside 0..1 and returns before the hint). config/primitives.ts: `code:
 *   'custom'` mutated to '', and so in endpoint-scaling-schema.ts and source-schema.ts;
 *   network-schema.ts's `.slice(0, 4)` of the octets removed (the prefix after "/" has at most two
 *   digits, so it is never above 255 either). instance-types.ts's `value.startsWith('ml.')` mutated to
 *   `endsWith` survived the second round (the doubled "ml.ml." prefix still suggested the same type
 *   for the tested typos); test/config/aws-values.test.ts's `ml.m5.xlrg` case now kills it (checked
 *   by hand; not yet re-measured by Stryker).
 * - cli/lib/cost/stage-cost.ts: `endpoint.kind !== 'serverless' &&` before the data-capture line
 *   mutated to `true &&` (or 'serverless' emptied): the config rejects dataCapture.enabled on a
 *   serverless endpoint (endpoint-rules.ts), so a serverless stage never has capture on and the
 *   `dataCapture.enabled` test alone decides.
 * - cli/lib/cost/price-table.ts: defaultPriceTable's file name emptied: unreachable rather than
 *   equivalent, it is only printed when the kept table is malformed, and a test pins that table as
 *   valid. (A test that re-imports the module with the JSON mocked kills it, but then every zod
 *   literal and `.describe()` text runs inside a test and is counted: 24 more survivors, the
 *   descriptions, that nothing reads.)
 */
/** the module groups: what is mutated, and the unit tests (jest testMatch globs) that must kill it. */
export const GROUPS = {
  // the endpoint rules that span keys
  config: {
    mutate: ['config/endpoint-rules.ts', 'config/endpoint-schedule.ts'],
    // the files that kill these modules' mutants: in the sixth round (every test/config file but
    // the identity ones, 14 files), no mutant of endpoint-rules.ts was killed only by a file outside
    // endpoint-rules and bad-config, and the schedule tests are in endpoint-config; the other files
    // only made each mutant load them (docs/mutation-testing.md, seventh round)
    tests: ['**/test/config/@(endpoint-rules|endpoint-config|bad-config).test.ts'],
  },
  // the schema refinements: the checks inside the zod schemas, the workspace rules, metric bounds,
  // instance types and regions (model-definition.ts is in the training group)
  schema: {
    mutate: [
      'config/endpoint-scaling-schema.ts',
      'config/endpoint-schema.ts',
      'config/model-catalogue-schema.ts',
      'config/network-schema.ts',
      'config/source-schema.ts',
      'config/stage-schema.ts',
      'config/training-schema.ts',
      'config/schema.ts',
      'config/primitives.ts',
      'config/workspace-rules.ts',
      'config/metric-bounds.ts',
      'config/instance-types.ts',
      'config/regions.ts',
    ],
    // test/config only: test/compliance/workspace-rules.test.ts (Studio and training-data rules on
    // synthesized workspace stacks) reaches every config module through testConfig() and TrainStage,
    // so it would load aws-cdk-lib and synthesize stacks for each mutant; the rules across keys of
    // config/workspace-rules.ts are pinned by test/config/workspace-cross-checks.test.ts instead
    tests: ['**/test/config/!(training-identity*).test.ts'],
  },
  // the release CLI's failure mapping and approvals
  release: {
    mutate: [
      'cli/lib/release/pending-approval.ts',
      'cli/lib/release/answer-approval.ts',
      'cli/lib/release/codepipeline-failure.ts',
      'cli/lib/aws/sdk-failure.ts',
    ],
    tests: ['**/test/cli/release/*.test.ts', '**/test/cli/aws/*.test.ts'],
  },
  // the release CLI's lookups: source revisions, the pipeline view of status, the history view
  lookups: {
    mutate: ['cli/lib/release/revisions.ts', 'cli/lib/release/pipeline-view.ts', 'cli/lib/release/history-view.ts'],
    tests: ['**/test/cli/release/*.test.ts'],
  },
  // training request, gate, wait, savings and the model identity
  training: {
    mutate: [
      'cli/lib/training/metric-gate.ts',
      'cli/lib/training/spot-savings.ts',
      'cli/lib/training/wait-for-job.ts',
      'cli/lib/training/training-request.ts',
      'cli/lib/training/job-outcome.ts',
      'cli/lib/training/job-name.ts',
      'cli/lib/training/throttle-retry.ts',
      'config/training-identity.ts',
      'config/model-definition.ts',
    ],
    // framework-identity-golden pins the framework part of model-definition.ts
    tests: ['**/test/cli/training/*.test.ts', '**/test/config/training-*.test.ts', '**/test/config/framework-identity-golden.test.ts'],
  },
  // smoke-test checks
  smoke: {
    mutate: ['cli/lib/smoke/check-answer.ts', 'cli/lib/smoke/latency.ts', 'cli/lib/smoke/smoke-case.ts', 'cli/lib/smoke/endpoint-state-failure.ts'],
    tests: ['**/test/cli/smoke/*.test.ts'],
  },
  // cost arithmetic
  cost: {
    mutate: ['cli/lib/cost/*.ts'],
    tests: ['**/test/cli/cost/*.test.ts'],
  },
  // the compliance rules and the acknowledgement policy
  compliance: {
    mutate: ['compliance/acknowledgement-policy.ts', 'compliance/rules/*.ts', 'compliance/internal/*.ts'],
    // the rules' own unit tests; sagemaker-checks.test.ts (the pack wired into whole synthesized
    // apps) stays in `npm test`: it loads every rule and costs seconds per mutant
    tests: [
      '**/test/compliance/@(acknowledgement-policy|acknowledgement-rules|sagemaker-rules|production-autoscaling|endpoint-rule-edges|bucket-policy-endpoint-only|cfn-value-reading).test.ts',
    ],
  },
  // the serving container's request parsing
  serving: {
    mutate: ['containers/serving/src/csv-rows.ts', 'containers/serving/src/json-rows.ts', 'containers/serving/src/feature-rows.ts', 'containers/serving/src/media-types.ts', 'containers/serving/src/request-headers.ts'],
    tests: ['**/containers/serving/test/*.test.ts'],
  },
};

/** the entry point reads which groups to run (comma-separated); every group when none is named. */
const groupNames = (process.env.MUTATION_GROUP ?? '').split(',').filter((name) => name !== '');
for (const name of groupNames) {
  if (!(name in GROUPS)) throw new Error(`MUTATION_GROUP "${name}" is not a group; use one or more of ${Object.keys(GROUPS).join(', ')}, separated by commas`);
}
const selected = groupNames.length === 0 ? Object.values(GROUPS) : groupNames.map((name) => GROUPS[name]);
const reportDir = `reports/mutation/${groupNames.length === 0 ? 'all' : groupNames.join('+')}`;

export default {
  packageManager: 'npm',
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // every covering test runs, so the JSON report lists all the tests that kill each mutant
  disableBail: true,
  // the machines that run this are shared: one worker unless --concurrency says otherwise
  concurrency: 1,
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    enableFindRelatedTests: true,
    config: {
      reporters: [],
      testMatch: selected.flatMap((g) => g.tests),
      // tests that run the real `mlpipe` or the app as a child process, with an env of their own:
      // the child runs the sandbox's code without the active mutant, so they cannot kill one and only
      // cost seconds per mutant of every module they reach (loopback.test.ts, training's
      // recovery-loopback.test.ts; bad-config-synth's child also exits 1 instead of 3 in the sandbox)
      testPathIgnorePatterns: ['/node_modules/', '/(recovery-)?loopback\\.test\\.ts$', '/bad-config-synth\\.test\\.ts$'],
    },
  },
  mutate: selected.flatMap((g) => g.mutate),
  ignorePatterns: ['cdk.out', 'cdk.out.*', 'reports', '.local', '.cache', 'coverage', 'docs'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { allowColor: false, reportMutants: false, reportTests: false, reportScoreTable: true },
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  // `--incremental` reuses the results of mutants whose code and tests did not change
  incrementalFile: `${reportDir}/stryker-incremental.json`,
  thresholds: { high: 90, low: 80, break: null },
  // on top of 1.5 x the mutant's tests' own time: generous for a shared machine (a mutant's tests
  // take about a second at load 15), and short enough that the mutants that loop forever (the
  // latency workers, the CSV scanner) do not dominate the run
  timeoutMS: 15000,
};
