// `npm run invoke-local -- [fixture.json]`: starts the local stack and runs `serverless invoke local`
// (the bundled handler, as packaged) against it, then shows what reached the local inbox.
//   the default fixture is an aws-cli call from Kali with a decoy key.
import { spawn } from 'node:child_process';
import { INVOKE_LOCAL_ENV } from '../src/local/routes.ts';
import { startLocalStack } from '../src/local/stack.ts';

const fixture = process.argv[2] ?? 'test/events/use/sts-getcalleridentity-awscli-kali.json';
const stack = await startLocalStack();
const env = { ...stack.env, ...INVOKE_LOCAL_ENV };
const exports = Object.entries(env)
  .map(([name, value]) => `export ${name}=${JSON.stringify(value)}`)
  .join('\n');
console.log(`# local stack env\n${exports}`);
const command = ['serverless', 'invoke', 'local', '-f', 'detectUse', '-p', fixture];
console.log(`# running: npx ${command.join(' ')}`);
// Not spawnSync: the stack's servers live in this process and must keep answering.
const child = spawn('npx', command, { env: { ...process.env, ...env }, stdio: 'inherit' });
const code = await new Promise<number>((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
const alerts = await stack.inbox.waitFor(1, 3000);
console.log(`# exit ${code}; inbox received ${alerts.length} alert(s)`);
for (const alert of alerts) console.log(`#   ${alert.subject} ${JSON.stringify(alert.attributes)}`);
await stack.stop();
process.exitCode = code === 0 && alerts.length > 0 ? 0 : 1;
