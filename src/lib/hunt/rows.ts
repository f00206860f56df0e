/** One result row of the hunt query: column alias to text, null when the value is absent. */
export type HuntRow = Record<string, string | null | undefined>;

function json(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Drops absent values, so the record looks like one read from a log file. */
function present(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  );
}

/**
 * A hunt row back into a CloudTrail record with the field names the log files use, so it goes
 * through the same structural check, rules and enrichment as a record read from S3.
 */
export function rowToRecord(row: HuntRow): Record<string, unknown> {
  const issuer = present({
    type: row.issuer_type,
    arn: row.issuer_arn,
    accountId: row.issuer_accountid,
    userName: row.issuer_username,
  });
  const identity = present({
    type: row.uid_type,
    principalId: row.uid_principalid,
    arn: row.uid_arn,
    accountId: row.uid_accountid,
    invokedBy: row.uid_invokedby,
    accessKeyId: row.uid_accesskeyid,
    userName: row.uid_username,
    ...(Object.keys(issuer).length ? { sessionContext: { sessionIssuer: issuer } } : {}),
  });
  const readOnly = row.readonly === 'true' ? true : row.readonly === 'false' ? false : undefined;
  return {
    ...present({
      eventVersion: row.eventversion,
      eventTime: row.eventtime,
      eventSource: row.eventsource,
      eventName: row.eventname,
      awsRegion: row.awsregion,
      sourceIPAddress: row.sourceipaddress,
      userAgent: row.useragent,
      errorCode: row.errorcode,
      errorMessage: row.errormessage,
      eventID: row.eventid,
      eventType: row.eventtype,
      recipientAccountId: row.recipientaccountid,
      readOnly,
    }),
    ...(Object.keys(identity).length ? { userIdentity: identity } : {}),
    requestParameters: json(row.requestparameters),
    responseElements: json(row.responseelements),
  };
}
