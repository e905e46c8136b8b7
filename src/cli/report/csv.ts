import { ValidationResults } from './findings';

/** The columns of cdk-nag v2's CSV report, which existing tooling reads. */
const COLUMNS = ['Rule ID', 'Resource ID', 'Compliance', 'Exception Reason', 'Rule Level', 'Rule Info'];

/**
 * CSV with cdk-nag v2's columns: one row per violating or acknowledged construct. Compliance is
 * `Non-Compliant` or `Suppressed` (with the reason); the level is `Error`, `Warning` or `Info`.
 * Streamed a row at a time.
 */
export function* renderCsv(results: ValidationResults): Iterable<string> {
  yield row(COLUMNS);
  for (const f of results.findings) {
    yield row([
      f.ruleName,
      f.constructPath,
      f.acknowledged ? 'Suppressed' : 'Non-Compliant',
      f.acknowledged ? f.acknowledged.reason : 'N/A',
      f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Info',
      f.description,
    ]);
  }
}

function row(values: readonly string[]): string {
  return values.map(quote).join(',') + '\n';
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
