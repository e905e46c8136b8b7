export * from './core/environment';
export * from './platform/tenant-platform';
export * from './platform/secure-tenant-service';
export * from './platform/monitored-database';
export * from './platform/tenant-database/tenant-database-identity';
export * from './platform/tenant-deployment';
export * from './core/severity';
export * from './monitoring/notifications';
export * from './monitoring/alarm-thresholds';
export * from './monitoring/datadog';
export * from './policy/tenant-platform-checks';
export * from './policy/tenant-platform-checks-props';
export * from './platform/dr/dr-plan';
export * from './platform/dr/recovery-objectives';
export * from './platform/dr/region-failover-options';

// Runbooks (OPS-01..06, MON-08): model, collector, topology, contributors, SSM automation.
export type { LocalizedText } from './core/localized-text';
export { RunbookLocale, RUNBOOK_LOCALES_CONTEXT } from './core/runbook-locale';
export { ResourceLookup } from './runbooks/resource-lookup';
export { RunbookCommand } from './runbooks/runbook-command';
export { RunbookSectionKind } from './runbooks/runbook-section';
export type { RunbookLink, RunbookSection, RunbookStep, RunbookTable, RunbookTableRow } from './runbooks/runbook-section';
export { DeploymentTopology, Runbook, RunbookCatalog, RUNBOOK_BASE_URL_CONTEXT } from './runbooks/runbook';
export type { RunbookCatalogSettings } from './runbooks/runbook';
export { TopologyNodeKind } from './runbooks/deployment-topology';
export type { TopologyConnection, TopologyConnectionProps, TopologyNode, TopologyNodeProps } from './runbooks/deployment-topology';
export { TenantServiceAutomation } from './runbooks/tenant-service-automation';
export type { TenantServiceAutomationProps } from './runbooks/tenant-service-automation';
export { AlarmRunbookSection } from './runbooks/sections/alarm-section';
export type { AlarmRunbookSectionProps } from './runbooks/sections/alarm-section';
export { PlatformRunbookSections } from './platform/runbooks/platform-sections';
export type { PlatformRunbookContext } from './platform/runbooks/platform-facts';
export { TenantRunbookSection, TenantServiceRunbookSections } from './platform/runbooks/tenant-sections';
export type { TenantServiceRunbookContext } from './platform/runbooks/tenant-sections';
export { DatabaseRunbookSections } from './platform/runbooks/database-sections';
export type { DatabaseRunbookContext } from './platform/runbooks/database-sections';
export type { PlatformDatadogOptions } from './platform/platform-datadog';
export * from './monitoring/maintenance-window';
export type { TenantDatadogProps } from './platform/datadog-sidecars';
export { BudgetService } from './platform/operations/platform-budget';
export type { PlatformBudgetProps, ServiceBudget } from './platform/operations/platform-budget';

// Serverless application (SRV-01..04): seed 004's StudyTracker, without a TenantPlatform.
export * from './platform/serverless/serverless-alerting';
export * from './platform/serverless/secure-serverless-api';
export * from './platform/serverless/serverless-table';
export * from './platform/serverless/static-site';
export type { ServerlessAlarmThresholds } from './platform/serverless/serverless-thresholds';
