import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { scalableTargetsOf } from '../../resources/autoscaling';
import { PolicyRule } from '../../rule';
import { propertiesOf, stringOf } from '../../template';

/** The capacity dimensions a provisioned table must scale. */
const DIMENSIONS = ['ReadCapacityUnits', 'WriteCapacityUnits'];

/** SRV-03: a table with provisioned capacity scales reads and writes automatically. */
export const DynamoProvisionedAutoScaling: PolicyRule = {
  id: 'DDB2',
  requirements: ['SRV-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::DynamoDB::Table'],
  cause: () => 'The provisioned-capacity table does not auto scale the capacity named in brackets; traffic above it is throttled.',
  fix: () => 'Add auto scaling for reads and writes (table.autoScaleReadCapacity({...}).scaleOnUtilization({ targetUtilizationPercent: 70 }) and the same for writes), or use on-demand billing.',
  explanation: 'The serverless application runs on-demand in development and provisioned capacity with auto scaling in production; fixed capacity turns load into errors.',
  check: node => {
    if (stringOf(propertiesOf(node).BillingMode, 'BillingMode') === 'PAY_PER_REQUEST') return NagRuleCompliance.NOT_APPLICABLE;
    const scaled = scalableTargetsOf(node).map(target => stringOf(propertiesOf(target).ScalableDimension, 'ScalableDimension'));
    const missing = DIMENSIONS.filter(dimension => !scaled.includes(`dynamodb:table:${dimension}`));
    return missing.length === 0 ? NagRuleCompliance.COMPLIANT : missing;
  },
};
