export * from './platform/environment';
export * from './platform/tenant-platform';
export * from './platform/secure-tenant-service';
export * from './platform/monitored-database';
export * from './platform/tenant-deployment';
export * from './monitoring/severity';
export * from './monitoring/notifications';
export * from './monitoring/alarm-thresholds';
export * from './monitoring/datadog';
export * from './policy/tenant-platform-checks';
export * from './policy/tenant-platform-checks-props';

// Runbooks (OPS-01..06, MON-08): model, collector, topology, contributors, SSM automation.
export type { LocalizedText } from './runbooks/localized-text';
export { RunbookLocale } from './runbooks/runbook-locale';
export { ResourceLookup } from './runbooks/resource-lookup';
export { RunbookCommand } from './runbooks/runbook-command';
export { RunbookSectionKind } from './runbooks/runbook-section';
export type { RunbookLink, RunbookSection, RunbookStep, RunbookTable, RunbookTableRow } from './runbooks/runbook-section';
export { Runbook } from './runbooks/runbook';
export { RunbookCatalog, RUNBOOK_BASE_URL_CONTEXT } from './runbooks/runbook-catalog';
export type { RunbookCatalogSettings } from './runbooks/runbook-catalog';
export { DeploymentTopology, TopologyNodeKind } from './runbooks/deployment-topology';
export type { TopologyConnection, TopologyConnectionProps, TopologyNode, TopologyNodeProps } from './runbooks/deployment-topology';
export { AlarmRunbookSection } from './runbooks/sections/alarm-section';
export type { AlarmRunbookSectionProps } from './runbooks/sections/alarm-section';
