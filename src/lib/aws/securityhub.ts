import {
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';

/** Security Hub refused findings (FailedCount > 0): a failed delivery, never dropped silently. */
export class SecurityHubImportError extends Error {
  override name = 'SecurityHubImportError';
}

/** BatchImportFindings and BatchUpdateFindings take at most 100 findings per call. */
const BATCH = 100;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, index * size + size),
  );

/** The one Security Hub adapter. */
export function makeSecurityHub({ client = new SecurityHubClient({}) }: { client?: SecurityHubClient } = {}) {
  return {
    /** Creates or updates (same Id) each finding; any refused finding fails the whole call. */
    async importFindings(findings: AwsSecurityFinding[]): Promise<number> {
      let imported = 0;
      for (const batch of chunks(findings, BATCH)) {
        const result = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
        if ((result.FailedCount ?? 0) > 0) {
          const why = (result.FailedFindings ?? [])
            .map((failed) => `${failed.Id}: ${failed.ErrorCode} ${failed.ErrorMessage ?? ''}`.trim())
            .join('; ');
          throw new SecurityHubImportError(
            `Security Hub refused ${result.FailedCount} of ${batch.length} finding(s): ${why}`,
          );
        }
        imported += result.SuccessCount ?? batch.length;
      }
      return imported;
    },

    /** Every finding honeytrail imported for one incident (the `honeytrail/incidentId` product field). */
    async findingsOfIncident(productArn: string, incidentId: string): Promise<AwsSecurityFinding[]> {
      const filters: AwsSecurityFindingFilters = {
        ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
        ProductFields: [{ Key: 'honeytrail/incidentId', Value: incidentId, Comparison: 'EQUALS' }],
      };
      const found: AwsSecurityFinding[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new GetFindingsCommand({ Filters: filters, MaxResults: 100, NextToken: token }),
        );
        found.push(...(page.Findings ?? []));
        token = page.NextToken || undefined;
      } while (token);
      // The filter is applied here too, so a partial server-side filter can never widen what is resolved.
      return found.filter(
        (finding) =>
          finding.ProductArn === productArn &&
          finding.ProductFields?.['honeytrail/incidentId'] === incidentId,
      );
    },

    /**
     * Sets Workflow.Status RESOLVED on an incident's findings. This is BatchUpdateFindings, the
     * customer-side call: after a finding exists, BatchImportFindings cannot change its workflow.
     * For `honeytrail incidents resolve`, run with the operator's credentials.
     */
    async resolveIncident(productArn: string, incidentId: string, note?: string): Promise<number> {
      const findings = await this.findingsOfIncident(productArn, incidentId);
      for (const batch of chunks(findings, BATCH)) {
        const result = await client.send(
          new BatchUpdateFindingsCommand({
            FindingIdentifiers: batch.map((finding) => ({ Id: finding.Id, ProductArn: finding.ProductArn })),
            Workflow: { Status: 'RESOLVED' },
            ...(note ? { Note: { Text: note.slice(0, 512), UpdatedBy: 'honeytrail' } } : {}),
          }),
        );
        const failed = result.UnprocessedFindings ?? [];
        if (failed.length > 0)
          throw new SecurityHubImportError(
            `Security Hub did not resolve ${failed.length} finding(s) of ${incidentId}: ${failed
              .map((item) => `${item.FindingIdentifier?.Id}: ${item.ErrorCode}`)
              .join('; ')}`,
          );
      }
      return findings.length;
    },
  };
}

export type SecurityHub = ReturnType<typeof makeSecurityHub>;
