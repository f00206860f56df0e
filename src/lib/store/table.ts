import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** `service` in serverless.yml; the table of a stage is `<service>-<stage>` (deploy/table.ts). */
export const SERVICE = 'honeytrail';

export const stageTableName = (stage: string, service: string = SERVICE): string => `${service}-${stage}`;

export const INDEXES = ['gsi1', 'gsi2', 'gsi3'] as const;

/**
 * The table layout, shared by the local stack and asserted against serverless.yml's resource.
 *  - pk/sk: one item per detection (`DET#<id>`); a scope's incident at `SCOPE#<scope>` (store/incidents.ts)
 *  - gsi1: a decoy's detections in time order, and any incident by ID
 *  - gsi2: every incident; gsi3: incidents with calls not yet mailed (sparse)
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const stringAttr = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', ...INDEXES.flatMap((index) => [`${index}pk`, `${index}sk`])].map(
      stringAttr,
    ),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index,
      KeySchema: [
        { AttributeName: `${index}pk`, KeyType: 'HASH' },
        { AttributeName: `${index}sk`, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
