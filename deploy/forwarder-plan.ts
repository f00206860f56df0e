/** How the forwarder stack is deployed: one `serverless deploy` per region. */
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** The `serverless deploy` argument lists, one per region; refuses the home region of the same account (its own rules see its events). */
export function forwarderDeployments(
  regions: string[],
  { stage, homeRegion, params }: { stage: string; homeRegion: string; params: string[] },
): string[][] {
  const unique = [...new Set(regions.map((region) => region.trim()).filter(Boolean))];
  if (unique.length === 0) throw new Error('--regions: name at least one region');
  for (const region of unique) {
    if (!REGION.test(region)) throw new Error(`--regions: "${region}" is not a region name`);
    // From another account (organisation-wide use) the home region needs a forwarder like any other.
    if (region === homeRegion && !params.some((param) => param.startsWith('homeAccountId=')))
      throw new Error(`--regions: ${region} is the home region; its own rules already see its events`);
  }
  return unique.map((region) => [
    'serverless',
    'deploy',
    '--region',
    region,
    '--stage',
    stage,
    '--param',
    `homeRegion=${homeRegion}`,
    ...params.flatMap((param) => ['--param', param]),
  ]);
}
