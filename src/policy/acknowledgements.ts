import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Whether the acknowledgement `id` (as recorded, e.g. `TenantPlatform::TenantPlatform-RDS4`) is
 * on the construct at `constructPath` below `root`, or on one of its ancestors. CDK applies such
 * CDK-form acknowledgements after the plugins ran, so the pack looks them up to count what remains.
 */
export function isAcknowledged(root: IConstruct, constructPath: string, id: string): boolean {
  let construct: IConstruct | undefined = root;
  for (const segment of constructPath.split('/').filter(s => s !== '')) {
    construct = construct?.node.tryFindChild(segment);
  }
  for (; construct !== undefined; construct = construct.node.scope) {
    const acknowledged = construct.node.metadata.some(entry => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY
      && entry.data !== undefined && Object.keys(entry.data).includes(id));
    if (acknowledged) return true;
  }
  return false;
}
