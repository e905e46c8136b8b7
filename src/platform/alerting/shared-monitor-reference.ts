import { Construct } from 'constructs';
import { IDatadogMonitor } from '../../monitoring/datadog/monitor-reference';

/** What a tenant stack knows about a monitor of the platform stack. */
export interface SharedMonitorReferenceProps {
  /** The monitor's identity id (its `cdk-tenant-platform-id` tag), for the CLI to resolve it offline. */
  readonly identityId: string;
  /** The monitor's Datadog id as the tenant stack reads it (the platform's SSM parameter). */
  readonly monitorId: string;
}

/**
 * A platform monitor (a monitor level L2 cause) as a tenant stack refers to it in its composites: by the
 * platform's export, not by CDK's automatic cross-stack reference, which would add an export to
 * the platform stack for the first tenant of a shard (MON-03, tenant isolation of change).
 */
export class SharedMonitorReference extends Construct implements IDatadogMonitor {
  public readonly identityId: string;
  public readonly monitorId: string;
  public readonly isComposite = false;

  public constructor(scope: Construct, id: string, props: SharedMonitorReferenceProps) {
    super(scope, id);
    this.identityId = props.identityId;
    this.monitorId = props.monitorId;
  }
}
