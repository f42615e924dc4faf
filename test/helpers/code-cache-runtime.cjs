// jest's module runtime (jest.config.js `runtime`) with V8's code cache per worker: jest loads
// every module afresh for each test file and V8 parses its source again each time (aws-cdk-lib's
// modules alone took over a second of CPU per test file that synthesizes an app). The first test
// file of a worker that loads a module keeps V8's cache of its compiled code; the next test files
// compile the same source from that cache instead of parsing it. Only how code is compiled
// changes: each test file still evaluates every module itself, in its own context.
const { compileFunction } = require('node:vm');
const Runtime = require('jest-runtime').default;

/** per file name: the source compiled last and V8's code cache of it. */
const codeCache = new Map();

/** what jest's ModuleExecutor.compile does, with the worker's code cache of `filename`. */
function compileWithCache(executor, jestCompile, scriptSource, filename) {
  const vmContext = executor.environment.getVmContext();
  // jest's own path for what this does not cover: a torn-down environment, core modules
  if (vmContext == null || executor.resolution.isCoreModule(filename)) return jestCompile(scriptSource, filename);
  const cached = codeCache.get(filename);
  const cachedData = cached !== undefined && cached.source === scriptSource ? cached.data : undefined;
  let fn;
  try {
    fn = compileFunction(scriptSource, executor.injectedModuleParameters, {
      filename,
      cachedData,
      produceCachedData: cachedData === undefined,
      importModuleDynamically: (specifier, _function, importAttributes, ...rest) => executor.dynamicImport(specifier, filename, vmContext, importAttributes, rest[0]),
      parsingContext: vmContext,
    });
  } catch {
    // a syntax error: jest reports it as jest does
    return jestCompile(scriptSource, filename);
  }
  if (cachedData === undefined && fn.cachedData !== undefined) codeCache.set(filename, { source: scriptSource, data: fn.cachedData });
  return fn;
}

class CodeCacheRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    if (executor === undefined || typeof executor.compile !== 'function') {
      throw new Error('test/helpers/code-cache-runtime.cjs expects jest-runtime 30 (Runtime.executor.compile); update it with jest');
    }
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (scriptSource, filename) => compileWithCache(executor, jestCompile, scriptSource, filename);
  }
}

module.exports = CodeCacheRuntime;
