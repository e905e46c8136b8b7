import { IConstruct } from 'constructs';

/** A Datadog monitor that composites, SLOs and downtimes can reference. */
export interface IDatadogMonitor extends IConstruct {
  /** The Datadog monitor id, known at deploy time (a `GetAtt` token). */
  readonly monitorId: string;
  /** The stable identity (value of the `cdk-tenant-platform-id` tag) from the stack name and construct path. */
  readonly identityId: string;
  /** Whether this is a composite monitor (composites cannot reference composites). */
  readonly isComposite: boolean;
}
