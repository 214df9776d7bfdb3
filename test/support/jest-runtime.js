// A jest runtime (package.json `jest.runtime`, set in .projenrc.ts) that loads the compiled schema
// validators once per jest worker instead of once per test file. validation/manifest-schema.ts
// keeps each validator as CommonJS under node_modules/.cache/cdk8s-inference-schemas/; the KServe
// InferenceService one is 11 MB, and jest's module registry, new for every test file, parsed and
// compiled it again in every file that validates an InferenceService: about 1.5 s of CPU a file.
// A validator is a pure function of plain data (no state, no instanceof checks on its input), so
// Node's own require, whose cache lives as long as the worker, serves them to every test file.
// Everything else, src/ and validation/ included, still loads through jest, fresh per file.
const Runtime = require('jest-runtime').default;

const VALIDATOR = /[\\/]node_modules[\\/]\.cache[\\/]cdk8s-inference-schemas[\\/][0-9a-f]+\.js$/;

class SharedValidatorsRuntime extends Runtime {
  requireModuleOrMock(from, moduleName) {
    if (VALIDATOR.test(moduleName)) return require(moduleName);
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedValidatorsRuntime;
