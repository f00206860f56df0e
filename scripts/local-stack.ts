/**
 * `npm run local-stack`: starts the embedded DynamoDB + SNS + inbox and keeps them up, printing the
 * environment that `serverless invoke local` needs. Alerts that reach the inbox are printed as they arrive.
 */
import { INVOKE_LOCAL_ENV } from '../src/local/routes.ts';
import { startLocalStack } from '../src/local/stack.ts';

const stack = await startLocalStack();
console.log('Local stack is up. In another shell, run:\n');
for (const [name, value] of Object.entries({ ...stack.env, ...INVOKE_LOCAL_ENV }))
  console.log(`export ${name}=${JSON.stringify(value)}`);
console.log('export DECOYS_FILE=test/events/decoys.yml');
console.log(
  'npx serverless invoke local -f detectUse -p test/events/use/sts-getcalleridentity-trufflehog.json\n',
);
console.log('Alerts received by the local inbox appear below. Ctrl-C stops the stack.\n');

let shown = 0;
const timer = setInterval(() => {
  for (const alert of stack.inbox.alerts.slice(shown)) {
    console.log(`=== ${alert.subject}\n${alert.email}\n`);
  }
  shown = stack.inbox.alerts.length;
}, 250);

process.on('SIGINT', async () => {
  clearInterval(timer);
  await stack.stop();
  process.exit(0);
});
