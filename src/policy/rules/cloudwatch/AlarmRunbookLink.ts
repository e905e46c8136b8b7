import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule, UnresolvedValue } from '../../rule';
import { isIntrinsic, propertiesOf } from '../../template';

/**
 * The convention every alarm description of this library follows: `Runbook: <link>`, where the
 * link is a URL or path ending in `#<anchor>` (the runbook section for this alarm).
 */
export const RUNBOOK_LINK = /Runbook: \S+#[\w-]+/;

/** MON-08: every alarm links to its runbook section. */
export const AlarmRunbookLink: PolicyRule = {
  id: 'CW2',
  requirements: ['MON-08'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  cause: () => 'The alarm description has no runbook link (`Runbook: <url-or-path>#<anchor>`).',
  fix: () => 'End the alarm description with "Runbook: <link to the runbook section>#<anchor>", e.g. "Runbook: https://runbooks.example.com/en/alerts.md#tenant-a-cpu-critical".',
  explanation: 'The operator paged at 3 a.m. must land on the exact procedure for this alarm, not search for it.',
  check: node => {
    const description = propertiesOf(node).AlarmDescription;
    if (isIntrinsic(description) && !('Fn::Join' in description)) throw new UnresolvedValue('AlarmDescription', description);
    return compliantIf(RUNBOOK_LINK.test(flatten(description)));
  },
};

/**
 * The text of a description: a string, or an `Fn::Join` whose token parts are shown as `?`, so a
 * link with a token inside (`https://host/${stage}/alerts.md#cpu`) is still seen.
 */
function flatten(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'object') return String(value);
  const join = (value as Record<string, unknown>)['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(flatten).join(String(join[0]));
  return '?';
}
