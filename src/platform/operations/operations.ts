import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { platformCostTagValue, tagForCostAllocation } from './cost-allocation';
import { MaintenanceAlarmActions } from './maintenance-alarm-actions';
import { PlatformBudget, PlatformBudgetProps } from './platform-budget';
import { PlatformCloudWatchDashboard, platformDashboardName } from './platform-cloudwatch-dashboard';
import { TenantDashboard } from './tenant-dashboard';
import { Runbook } from '../../runbooks/runbook';
import type { TenantDatadogSidecars } from '../datadog-sidecars';
import type { DatabaseContext, PlatformContext, TenantContext } from '../platform-context';
import { budgetAlertSection } from '../runbooks/cost-sections';
import { tenantTelemetrySection } from '../runbooks/tenant-telemetry-sections';

const ID = 'Operations';

/**
 * What the operations team gets with a platform (MON-05, MON-07, MON-09): the ops dashboard, the
 * budgets with their runbook section, the cost allocation tag on the platform's stack, and the
 * maintenance window muting the stack's alarm actions.
 */
export class PlatformOperations extends Construct {
  /** The operations of `platform`. */
  public static of(platform: PlatformContext): PlatformOperations {
    const operations = platform.node.tryFindChild(ID);
    if (!(operations instanceof PlatformOperations)) throw new Error(`${platform.node.path} has no ${ID} child`);
    return operations;
  }

  public readonly dashboard: PlatformCloudWatchDashboard;
  public readonly budget: PlatformBudget;

  /** Adds the operations of `platform` as its child `Operations`. */
  public constructor(platform: PlatformContext, props: PlatformBudgetProps) {
    super(platform, ID);
    tagForCostAllocation(platform, platform);
    MaintenanceAlarmActions.of(platform, platform);
    this.dashboard = new PlatformCloudWatchDashboard(this, 'Dashboard', platform);
    this.budget = new PlatformBudget(this, 'Budget', platform, props);
    Runbook.of(this).addSection(budgetAlertSection(this.budget, platformCostTagValue(platform)));
  }
}

/**
 * A tenant's operations, all in its own stack: cost tags, maintenance window, Datadog runbook section
 * and, with `dashboard`, its own dashboard.
 */
export function addTenantOperations(tenant: TenantContext, datadog: TenantDatadogSidecars, dashboard: boolean): void {
  const platform = tenant.platform;
  tagForCostAllocation(tenant, platform, tenant.tenantId);
  MaintenanceAlarmActions.of(tenant, platform);
  if (dashboard) addTenantDashboard(tenant);
  if (datadog.enabled) {
    Runbook.of(tenant).addSection(tenantTelemetrySection({
      tenantId: tenant.tenantId,
      env: platform._datadog!.env,
      service: tenant.service,
      cluster: platform._built?.cluster ?? tenant.service.cluster,
      logGroup: tenant.logGroup,
      agent: datadog.agent,
      logForwarding: datadog.logForwarding,
    }));
  }
}

/** The tenant's own dashboard, `<tenant stack>-operations` (`-<tenant id>` added when it shares the platform's stack). */
function addTenantDashboard(tenant: TenantContext): void {
  const platform = tenant.platform;
  const ownStack = !platform._built || Stack.of(tenant) !== Stack.of(platform._built);
  new TenantDashboard(tenant, 'Dashboard', {
    dashboardName: `${Stack.of(tenant).stackName}${ownStack ? '' : `-${tenant.tenantId}`}-operations`,
    tenantId: tenant.tenantId,
    hostHeader: tenant.hostHeader,
    service: tenant.service,
    alarms: tenant.alarms,
    deploymentAlarms: tenant.deploymentAlarms,
    platformDashboardName: platform._built
      ? PlatformOperations.of(platform._built).dashboard.dashboardName : platformDashboardName(platform.platformStackName),
  });
}

/** A database's operations: cost tags and maintenance window in its stack, its row on the platform's dashboard. */
export function addDatabaseOperations(database: DatabaseContext): void {
  tagForCostAllocation(database, database._platform);
  MaintenanceAlarmActions.of(database, database._platform);
  PlatformOperations.of(database._platform).dashboard.addDatabase(database);
}
