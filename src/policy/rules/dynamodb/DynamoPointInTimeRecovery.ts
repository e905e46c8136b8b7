import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, listOf, propertiesOf } from '../../template';

/** SRV-03: DynamoDB tables have point-in-time recovery. */
export const DynamoPointInTimeRecovery: PolicyRule = {
  id: 'DDB1',
  requirements: ['SRV-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  cause: () => 'The DynamoDB table has point-in-time recovery off.',
  fix: () => 'Enable point-in-time recovery on the table or every replica (dynamodb.TableV2: pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }).',
  explanation: 'Point-in-time recovery restores the table to any second of the last 35 days after a bad write or deletion.',
  check: node => {
    const props = propertiesOf(node);
    // A global table sets recovery per replica; every replica must have it.
    const specifications = node.cfnResourceType === 'AWS::DynamoDB::GlobalTable'
      ? listOf(props.Replicas, 'Replicas').map(replica => replica?.PointInTimeRecoverySpecification)
      : [props.PointInTimeRecoverySpecification];
    const recoverable = specifications.length > 0 && specifications.every(specification =>
      booleanOf(specification?.PointInTimeRecoveryEnabled, 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled'));
    return compliantIf(recoverable);
  },
};
