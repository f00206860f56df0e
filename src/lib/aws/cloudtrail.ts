import {
  type AdvancedEventSelector,
  CloudTrailClient,
  DescribeTrailsCommand,
  type EventSelector,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';

export interface TrailInfo {
  name: string;
  /** ARN when known: the only handle that works for a trail homed in another region. */
  arn?: string;
  multiRegion: boolean;
  homeRegion?: string;
}

export interface TrailState extends TrailInfo {
  logging: boolean;
  stopLoggingTime?: string;
  eventSelectors: EventSelector[];
  advancedEventSelectors: AdvancedEventSelector[];
}

/** The one CloudTrail adapter: what the audit needs to know a trail still feeds EventBridge. */
export function makeCloudTrail({ client = new CloudTrailClient({}) }: { client?: CloudTrailClient } = {}) {
  return {
    /** Trails visible from this region, including multi-region trails homed elsewhere. */
    async listTrails(): Promise<TrailInfo[]> {
      const result = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
      return (result.trailList ?? []).map((trail) => ({
        name: trail.Name ?? trail.TrailARN ?? '',
        ...(trail.TrailARN ? { arn: trail.TrailARN } : {}),
        multiRegion: trail.IsMultiRegionTrail === true,
        ...(trail.HomeRegion ? { homeRegion: trail.HomeRegion } : {}),
      }));
    },

    async trailState(trail: TrailInfo): Promise<TrailState> {
      const handle = trail.arn ?? trail.name;
      const [status, selectors] = await Promise.all([
        client.send(new GetTrailStatusCommand({ Name: handle })),
        client.send(new GetEventSelectorsCommand({ TrailName: handle })),
      ]);
      return {
        ...trail,
        logging: status.IsLogging === true,
        ...(status.StopLoggingTime ? { stopLoggingTime: status.StopLoggingTime.toISOString() } : {}),
        eventSelectors: selectors.EventSelectors ?? [],
        advancedEventSelectors: selectors.AdvancedEventSelectors ?? [],
      };
    },
  };
}

export type CloudTrail = ReturnType<typeof makeCloudTrail>;
