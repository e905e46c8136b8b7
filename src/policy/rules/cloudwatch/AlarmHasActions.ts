import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources, referrers } from '../../references';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, listOf, propertiesOf } from '../../template';

/** MON-02: every alarm acts: it notifies, or a composite alarm or an ECS deployment acts on it. */
export const AlarmHasActions: PolicyRule = {
  id: 'CW1',
  requirements: ['MON-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  cause: () => 'The alarm has no alarm action (or actions disabled) and no composite alarm or ECS deployment uses it: when it fires, nobody hears.',
  fix: () => 'Route it by severity: critical → PagerDuty + Slack + email, warning → Slack, info → Slack #monitoring (alarm.addAlarmAction(new cw_actions.SnsAction(severityTopic))).',
  explanation: 'An alarm without an action is a silent alarm; routing by severity depends on every alarm notifying someone.',
  check: node => {
    const props = propertiesOf(node);
    const enabled = booleanOf(props.ActionsEnabled, 'ActionsEnabled') ?? true;
    if (enabled && listOf(props.AlarmActions, 'AlarmActions').length > 0) return NagRuleCompliance.COMPLIANT;
    return compliantIf(usedByAnotherResource(node));
  },
};

/** Whether a composite alarm's rule or an ECS service's deployment alarms name `alarm`. */
function usedByAnotherResource(alarm: CfnResource): boolean {
  const composites = referrers(alarm, appResources(alarm, 'AWS::CloudWatch::CompositeAlarm'), 'AlarmRule', p => p.AlarmRule);
  const services = referrers(alarm, appResources(alarm, 'AWS::ECS::Service'), 'DeploymentConfiguration.Alarms.AlarmNames',
    p => p.DeploymentConfiguration?.Alarms?.AlarmNames);
  if (composites.matches.length > 0 || services.matches.length > 0) return true;
  const unresolved = composites.unresolved ?? services.unresolved;
  if (unresolved) throw unresolved;
  return false;
}
