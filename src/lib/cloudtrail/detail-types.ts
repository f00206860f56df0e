/** The EventBridge detail types that carry a CloudTrail record. */
export const CLOUDTRAIL_DETAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Service Event via CloudTrail',
] as const;
