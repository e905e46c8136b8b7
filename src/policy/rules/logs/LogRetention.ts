import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { numberOf, propertiesOf } from '../../template';

/** LOG-01: log groups keep logs at least the profile's minimum (never expiring counts as kept). */
export const LogRetention: PolicyRule = {
  id: 'LOG1',
  requirements: ['LOG-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::Logs::LogGroup', 'Custom::LogRetention'],
  cause: t => `The log group keeps logs for fewer than ${t.minLogRetentionDays} days.`,
  fix: t => `Set RetentionInDays to ${t.minLogRetentionDays} or more (logs.LogGroup: retention: logs.RetentionDays.THREE_MONTHS for access and application logs, SIX_MONTHS for errors).`,
  explanation: 'Incidents are often found weeks later; production logs are kept at least 30 days, access and application logs 90, errors 180.',
  check: (node, t) => {
    const days = numberOf(propertiesOf(node).RetentionInDays, 'RetentionInDays');
    return compliantIf(days === undefined || days >= t.minLogRetentionDays);
  },
};
