/**
 * Anchors of the platform's operating-rule sections, so other sections (alarms, tenants) can link
 * to them.
 */
export const PLATFORM_ANCHORS = {
  overview: 'platform-overview',
  incidentLevels: 'incident-levels',
  escalation: 'escalation',
  periodicDaily: 'periodic-daily',
  periodicWeekly: 'periodic-weekly',
  periodicMonthly: 'periodic-monthly',
  periodicQuarterly: 'periodic-quarterly',
  deployPre: 'deployment-checklist-pre',
  deployDuring: 'deployment-checklist-during',
  deployPost: 'deployment-checklist-post',
  rollback: 'deployment-rollback',
  changeManagement: 'change-management',
  tenantRollout: 'tenant-rollout',
} as const;
