import { ValidationResults } from './findings';

/** The columns of cdk-nag v2's CSV report, which existing tooling reads. */
const COLUMNS = ['Rule ID', 'Resource ID', 'Compliance', 'Exception Reason', 'Rule Level', 'Rule Info'];

/**
 * CSV with cdk-nag v2's columns: one row per violating or acknowledged construct. Compliance is
 * `Non-Compliant` or `Suppressed` (with the reason); the level is `Error`, `Warning` or `Info`.
 */
export function renderCsv(results: ValidationResults): string {
  const rows = results.findings.map(f => [
    f.ruleName,
    f.constructPath,
    f.acknowledged ? 'Suppressed' : 'Non-Compliant',
    f.acknowledged ? f.acknowledged.reason : 'N/A',
    f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Info',
    f.description,
  ]);
  return [COLUMNS, ...rows].map(row => row.map(quote).join(',')).join('\n') + '\n';
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
