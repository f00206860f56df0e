// esbuild plugins for the Lambda bundles (serverless.yml custom.esbuild.plugins, and npm run bench).
// Functions read the JSON registry `serverless package` compiles from decoys.yml, so the YAML parser
// module is swapped for a stub that says so: no YAML parser ships in any function.
const path = require('node:path');

const noYamlInLambda = {
  name: 'honeytrail-no-yaml',
  setup(build) {
    build.onResolve({ filter: /[\\/]registry-yaml\.ts$/ }, (args) => ({
      path: path.join(args.resolveDir, args.path.replace(/registry-yaml\.ts$/, 'registry-yaml.lambda.ts')),
    }));
  },
};

module.exports = [noYamlInLambda];
