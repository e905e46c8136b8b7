import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { subnetsArePrivate } from '../../resources/network';
import { PolicyRule } from '../../rule';
import { listOf, propertiesOf } from '../../template';

/** SRV-01, NET-01: Lambda functions run in private subnets of the VPC. */
export const LambdaPrivateSubnets: PolicyRule = {
  id: 'LMB1',
  requirements: ['SRV-01', 'NET-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::Lambda::Function'],
  cause: () => 'The Lambda function is not attached to the VPC, or is attached to public subnets.',
  fix: () => 'Attach the function to private subnets (lambda.Function: vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }); for CDK-internal handlers acknowledge with the reason.',
  explanation: 'Functions that reach the database or internal services run inside the VPC, in private subnets like every other workload.',
  check: node => {
    const subnets = propertiesOf(node).VpcConfig?.SubnetIds;
    if (listOf(subnets, 'VpcConfig.SubnetIds').length === 0) return NagRuleCompliance.NON_COMPLIANT;
    return subnetsArePrivate(node, subnets, 'VpcConfig.SubnetIds');
  },
};
