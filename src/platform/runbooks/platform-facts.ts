import { Lazy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { PlatformEnvironment } from '../../core/environment';
import { LocalizedText } from '../../core/localized-text';
import { PropProblems } from '../../core/validation';
import { MaintenanceWindow } from '../../monitoring/maintenance-window';
import { TopologyNodeKind } from '../../runbooks/deployment-topology';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { DeploymentTopology } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { shellQuote } from '../../runbooks/shell-words';
import { PagingSystem } from '../alerting/paging';

/** What the platform's generic runbook sections need to name this deployment's resources. */
export interface PlatformRunbookContext {
  /** The platform's profile; production adds the stricter steps. */
  readonly environment: PlatformEnvironment;
  /** The platform's ECS cluster. */
  readonly cluster: ecs.ICluster;
  /** The platform's ALB shards (at least one). */
  readonly loadBalancers: elbv2.IApplicationLoadBalancer[];
  /**
   * The topic critical alarms notify; the escalation section lists its subscribers.
   * @default - subscribers are not listed
   */
  readonly criticalTopic?: sns.ITopic;
  /**
   * The ALB certificate; the quarterly section checks its renewal.
   * @default - only the account's certificate list is checked
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Whether Datadog monitors are deployed; adds the `tenant-platform datadog` plan, drift and
   * inventory steps.
   * @default false
   */
  readonly datadog?: boolean;
  /**
   * Which system pages for the conditions both CloudWatch and Datadog watch (MON-02); the
   * escalation section says so.
   * @default PagingSystem.CLOUDWATCH
   */
  readonly pagingSystem?: PagingSystem;
  /**
   * The planned maintenance window (MON-07).
   * @default MaintenanceWindow.secondSundayJst()
   */
  readonly maintenanceWindow?: MaintenanceWindow;
}

/** The context with its lookups made: variable name → lookup, ready for `RunbookCommand.withLookups`. */
export interface PlatformFacts {
  readonly stackName: string;
  readonly environment: PlatformEnvironment;
  readonly cluster: { [variable: string]: ResourceLookup };
  /** `ALB_1`, `ALB_2`, ... → the ARN of each shard. */
  readonly loadBalancers: { [variable: string]: ResourceLookup };
  readonly criticalTopic?: { [variable: string]: ResourceLookup };
  readonly certificate?: { [variable: string]: ResourceLookup };
  /** `TENANT_STACKS=(...)`: the tenant stacks registered in the topology, resolved at synth. */
  readonly tenantStacks: string;
  readonly datadog: boolean;
  readonly pagingSystem: PagingSystem;
  /** The planned maintenance window, as runbooks say it. */
  readonly maintenanceWindow: LocalizedText;
}

/** Makes the lookups of `context` for sections in `scope`'s stack; throws on an unusable context. */
export function platformFacts(scope: IConstruct, context: PlatformRunbookContext): PlatformFacts {
  const problems = new PropProblems('');
  if (!context.loadBalancers?.length) problems.report('PlatformRunbookContext.loadBalancers', [], 'must name at least one load balancer');
  if (!Object.values(PlatformEnvironment).includes(context.environment)) {
    problems.report('PlatformRunbookContext.environment', context.environment, `must be one of ${Object.values(PlatformEnvironment).join(', ')}`);
  }
  problems.throwIfAny();
  const certificate = context.certificate;
  return {
    stackName: Stack.of(scope).stackName,
    environment: context.environment,
    cluster: { CLUSTER: ResourceLookup.physicalId(context.cluster) },
    loadBalancers: Object.fromEntries(context.loadBalancers.map((lb, i) => [`ALB_${i + 1}`, ResourceLookup.physicalId(lb)])),
    criticalTopic: context.criticalTopic && { CRITICAL_TOPIC: ResourceLookup.physicalId(context.criticalTopic) },
    certificate: certificate && { CERTIFICATE: ResourceLookup.valueOrPhysicalId(certificate.certificateArn, certificate) },
    tenantStacks: tenantStacksArray(scope),
    datadog: context.datadog ?? false,
    pagingSystem: context.pagingSystem ?? PagingSystem.CLOUDWATCH,
    maintenanceWindow: (context.maintenanceWindow ?? MaintenanceWindow.secondSundayJst()).description,
  };
}

/** A bash array of the tenant stacks registered in the app's topology, in registration order. */
export function tenantStacksArray(scope: IConstruct): string {
  const topology = DeploymentTopology.of(scope);
  return Lazy.string({
    produce: () => {
      const names = topology.nodes.filter(n => n.kind === TopologyNodeKind.TENANT).map(n => Stack.of(n.construct).stackName);
      return `TENANT_STACKS=(${[...new Set(names)].map(shellQuote).join(' ')})`;
    },
  });
}

/** One command per ALB shard: `command(variable)` uses the shard's ARN as `$<variable>` (`$ALB_1`, ...). */
export function perLoadBalancer(f: PlatformFacts, command: (variable: string) => string): RunbookCommand[] {
  return Object.entries(f.loadBalancers).map(([variable, lookup]) => RunbookCommand.withLookups(command(variable), { [variable]: lookup }));
}

/** A command printing `query` (a JMESPath over `services[0]`) for every service on the platform's cluster. */
export function perTenantService(f: PlatformFacts, query: string): RunbookCommand {
  return RunbookCommand.withLookups(
    'for SERVICE in $(aws ecs list-services --cluster "$CLUSTER" --query "serviceArns[]" --output text); do\n' +
    `  aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].${query}" --output text\n` +
    'done', f.cluster);
}
