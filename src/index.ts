export * from './platform/environment';
export * from './platform/tenant-platform';
export * from './platform/secure-tenant-service';
export * from './platform/monitored-database';
export * from './platform/tenant-deployment';
export * from './monitoring/severity';
export * from './monitoring/notifications';
export * from './monitoring/alarm-thresholds';
