import { NagMessageLevel } from 'cdk-nag';
import { appResources, matchesOrUnresolved, referrers } from '../../references';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf, stringOf } from '../../template';

/** NET-03: the VPC has a flow log of all traffic delivered to CloudWatch Logs. */
export const VpcFlowLogsToCloudWatch: PolicyRule = {
  id: 'VPC4',
  requirements: ['NET-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::EC2::VPC'],
  cause: () => 'The VPC has no flow log capturing ALL traffic into CloudWatch Logs.',
  fix: () => 'Add a flow log with TrafficType ALL delivered to a CloudWatch Logs log group (vpc.addFlowLog(\'FlowLog\', { destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup) })); its retention follows LOG-01 and it can be forwarded to Datadog.',
  explanation: 'Flow logs are the record of who talked to what; incident response and security reviews need them in CloudWatch Logs, where they can be searched and forwarded to Datadog.',
  check: node => {
    const flowLogs = matchesOrUnresolved(referrers(node, appResources(node, 'AWS::EC2::FlowLog'), 'ResourceId', p => p.ResourceId));
    const complete = flowLogs.some(flowLog => {
      const props = propertiesOf(flowLog);
      const destination = stringOf(props.LogDestinationType, 'LogDestinationType') ?? 'cloud-watch-logs';
      return destination === 'cloud-watch-logs' && stringOf(props.TrafficType, 'TrafficType') === 'ALL';
    });
    return compliantIf(complete);
  },
};
