/** Just enough CloudFormation typing to keep the generated resources honest. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Intrinsic = { [key: string]: Json };

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: 'Delete' | 'Retain' | 'Snapshot';
  UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
}

/** Evidence (the table) and what decrypts it (the keys) outlive a prod stack; other stages clean up. */
export const keepOnProd = (stage: string) => {
  const policy = stage === 'prod' ? 'Retain' : 'Delete';
  return { DeletionPolicy: policy, UpdateReplacePolicy: policy } as const;
};
export type Resources = Record<string, Resource>;

export type Statement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: Json;
  Condition?: { [key: string]: Json };
};

export const ref = (logicalId: string): Intrinsic => ({ Ref: logicalId });
export const arnOf = (logicalId: string): Intrinsic => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
export const sub = (template: string): Intrinsic => ({ 'Fn::Sub': template });

/** Lets EventBridge put dead letters in the queue, for the given rules only. */
export function deadLetterQueuePolicy(queueId: string, ruleArns: Json[]): Resource {
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [ref(queueId)],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EventBridgeDeadLetters',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['sqs:SendMessage'],
            Resource: arnOf(queueId),
            Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
          },
        ],
      },
    },
  };
}
