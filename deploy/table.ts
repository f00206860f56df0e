import { stageTableName, tableDefinition } from '../src/lib/store/table.ts';
import type { Resources } from './cfn.ts';
import { keepOnProd, ref } from './cfn.ts';
import type { StackInput } from './names.ts';
import { TABLE, TABLE_KEY } from './roles.ts';

/**
 * The detection table, built from the same definition the local stack uses, so keys and indexes
 * cannot drift. Deletion protection on prod; items expire through `expiresAt`.
 */
export function tableResources(input: StackInput): Resources {
  const definition = tableDefinition(stageTableName(input.stage, input.service));
  return {
    [TABLE]: {
      Type: 'AWS::DynamoDB::Table',
      ...keepOnProd(input.stage),
      Properties: {
        TableName: definition.TableName ?? '',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: definition.AttributeDefinitions,
        KeySchema: definition.KeySchema,
        GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: ref(TABLE_KEY) },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        DeletionProtectionEnabled: { 'Fn::If': ['IsProd', true, false] },
      },
    },
  };
}
