import type { AuditReport } from './run.ts';

/** `decoy verify` output: one block per finding with its first fix, the notes, then a verdict line. */
export function formatReport(report: AuditReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const label = finding.kind === 'safety-net' ? 'SAFETY-NET' : 'DRIFT';
    lines.push(`${label} ${finding.category} ${finding.target}: ${finding.title}`);
    lines.push(`  ${finding.summary}`);
    if (finding.nextSteps[0]) lines.push(`  fix: ${finding.nextSteps[0]}`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  lines.push(
    report.findings.length
      ? `${report.findings.length} finding(s) across ${report.decoysChecked} decoy(s), the trail and the rules.`
      : `No drift: ${report.decoysChecked} decoy(s), the trail and the rules check out.`,
  );
  return `${lines.join('\n')}\n`;
}
