import { NagMessageLevel } from 'cdk-nag';
import { requireAlarms } from '../../resources/alarms';
import { PolicyRule } from '../../rule';

/** The service metrics MON-01 requires an alarm on. */
const REQUIRED_METRICS = ['CPUUtilization', 'MemoryUtilization'];

/** MON-01: alarms watch each ECS service's CPU and memory. */
export const ServiceAlarms: PolicyRule = {
  id: 'ECS14',
  requirements: ['MON-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Service'],
  cause: () => `No CloudWatch alarm watches the metric named in brackets (AWS/ECS, ServiceName) of the ECS service; MON-01 requires alarms on ${REQUIRED_METRICS.join(', ')}.`,
  fix: () => 'Add the missing alarms with actions: CPU warn 70 / crit 85 % over 2 periods, memory warn 80 / crit 90 % (service.metricCpuUtilization().createAlarm(...)).',
  explanation: 'CPU and memory saturation precede errors and restarts; operators must hear about them before tenants do.',
  check: node => requireAlarms(node, { namespace: 'AWS/ECS', dimension: 'ServiceName', nameProperty: 'ServiceName' }, REQUIRED_METRICS),
};
