import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf } from '../../template';

/** SRV-02: API stages (HTTP and REST) write access logs. */
export const ApiAccessLogs: PolicyRule = {
  id: 'API1',
  requirements: ['SRV-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Stage'],
  cause: () => 'The API stage writes no access logs.',
  fix: () => 'Send access logs to a CloudWatch log group with retention (HTTP API stage: accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(logGroup) }; REST: deployOptions.accessLogDestination).',
  explanation: 'Access logs are the only per-request record of an API: who called what, with which status and latency.',
  check: node => {
    const props = propertiesOf(node);
    const settings = node.cfnResourceType === 'AWS::ApiGatewayV2::Stage' ? props.AccessLogSettings : props.AccessLogSetting;
    return compliantIf(settings?.DestinationArn);
  },
};
