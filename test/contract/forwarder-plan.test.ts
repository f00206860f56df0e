import { describe, expect, it } from '@jest/globals';
import { forwarderDeployments } from '../../deploy/forwarder-plan.ts';

const options = { stage: 'prod', homeRegion: 'us-east-1', params: ['alertEmail=soc@example.com'] };

describe('forwarder deployments', () => {
  it('deploys the forwarder once per listed region, pointing at the home region', () => {
    expect(forwarderDeployments(['eu-west-1', ' eu-central-1', 'eu-west-1'], options)).toEqual([
      [
        'serverless',
        'deploy',
        '--region',
        'eu-west-1',
        '--stage',
        'prod',
        '--param',
        'homeRegion=us-east-1',
        '--param',
        'alertEmail=soc@example.com',
      ],
      [
        'serverless',
        'deploy',
        '--region',
        'eu-central-1',
        '--stage',
        'prod',
        '--param',
        'homeRegion=us-east-1',
        '--param',
        'alertEmail=soc@example.com',
      ],
    ]);
  });

  it('refuses the home region, whose own rules already see its events', () => {
    expect(() => forwarderDeployments(['eu-west-1', 'us-east-1'], options)).toThrow(
      /us-east-1 is the home region/,
    );
  });

  it('forwards from the home region too when the home bus is in another account', () => {
    const member = { ...options, params: ['homeAccountId=111122223333'] };
    expect(forwarderDeployments(['us-east-1'], member)[0]).toContain('homeAccountId=111122223333');
  });

  it('refuses a region name that is not one', () => {
    expect(() => forwarderDeployments(['eu-west-1;rm'], options)).toThrow(/not a region name/);
    expect(() => forwarderDeployments([''], options)).toThrow(/at least one region/);
  });
});
