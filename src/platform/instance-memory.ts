import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Memory (GiB) of a general-purpose or burstable instance of each size (AWS instance-type tables). */
const GENERAL_PURPOSE_GIB: Record<string, number> = {
  'micro': 1,
  'small': 2,
  'medium': 4,
  'large': 8,
  'xlarge': 16,
  '2xlarge': 32,
  '4xlarge': 64,
  '8xlarge': 128,
  '12xlarge': 192,
  '16xlarge': 256,
  '24xlarge': 384,
};

/**
 * PostgreSQL's default `max_connections` on RDS for an instance class:
 * `LEAST({DBInstanceClassMemory/9531392}, 5000)` (Amazon RDS User Guide, "Maximum number of
 * database connections"). Memory-optimised classes (r*, x*) have twice the memory of the same size.
 * Returns undefined for classes not in the table.
 */
export function defaultPostgresMaxConnections(instanceType: ec2.InstanceType): number | undefined {
  const [family, size] = instanceType.toString().split('.');
  const base = GENERAL_PURPOSE_GIB[size];
  if (base === undefined || !/^[tmrx]\d/.test(family)) return undefined;
  const gib = /^[rx]/.test(family) ? base * 2 : base;
  return Math.min(Math.floor((gib * 1024 ** 3) / 9_531_392), 5000);
}
