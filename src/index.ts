export * from './platform/environment';
