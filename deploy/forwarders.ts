// Deploys the forwarder stack to each listed region, one after the other.
//   npm run deploy:forwarders -- --regions eu-west-1,eu-central-1 [--stage prod] [--home-region us-east-1]
//     [--param alertEmail=soc@example.com] [--dry-run]
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { forwarderDeployments } from './forwarder-plan.ts';

const options = new Command('deploy:forwarders')
  .requiredOption('--regions <list>', 'comma-separated regions to forward from')
  .option('--stage <stage>', 'stage, as for the home stack', 'dev')
  .option('--home-region <region>', 'region of the home stack', 'us-east-1')
  .option(
    '--param <key=value>',
    'extra forwarder param (repeatable)',
    (value, all: string[]) => [...all, value],
    [],
  )
  .option('--dry-run', 'print the commands only', false)
  .parse()
  .opts<{ regions: string; stage: string; homeRegion: string; param: string[]; dryRun: boolean }>();
const runs = forwarderDeployments(options.regions.split(','), {
  stage: options.stage,
  homeRegion: options.homeRegion,
  params: options.param,
});
for (const args of runs) {
  console.log(`(cd forwarder && npx ${args.join(' ')})`);
  if (options.dryRun) continue;
  const result = spawnSync('npx', args, { cwd: new URL('../forwarder/', import.meta.url), stdio: 'inherit' });
  if (result.status !== 0) {
    process.exitCode = result.status ?? 1;
    break;
  }
}
