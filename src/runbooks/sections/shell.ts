import { VARIABLE } from '../runbook-command';
import { sh } from '../shell-words';

/* Shell fragments the generated commands share; a section inserts them into `sh` commands with `shellCode`. */

/** `--start-time ... --end-time ...` covering the last `ago` (a GNU `date -d` phrase such as `3 hours`). */
export function timeRange(ago: string): string {
  return sh`--start-time "$(date -u -d '${ago} ago' +%Y-%m-%dT%H:%M:%SZ)" --end-time "$(date -u +%Y-%m-%dT%H:%M:%SZ)"`;
}

/** `--by-created-after ...` for the last `ago`. */
export function createdAfter(ago: string): string {
  return sh`--by-created-after "$(date -u -d '${ago} ago' +%Y-%m-%dT%H:%M:%SZ)"`;
}

/** A load balancer's CloudWatch dimension value (`app/name/id`) from its ARN in `variable`. */
export function loadBalancerDimension(variable: string): string {
  // A parameter expansion takes a name, not a quoted word: the name is checked instead.
  if (!VARIABLE.test(variable)) throw new Error(`loadBalancerDimension: "${variable}" is not a shell variable name (${VARIABLE})`);
  return `Name=LoadBalancer,Value="\${${variable}#*:loadbalancer/}"`;
}

/** Prints the scan finding counts of the newest image in every ECR repository of the account (OPS-07). */
export const ECR_FINDINGS =
  'for REPO in $(aws ecr describe-repositories --query "repositories[].repositoryName" --output text); do\n' +
  '  echo "$REPO"\n' +
  '  aws ecr describe-images --repository-name "$REPO" --query "sort_by(imageDetails,&imagePushedAt)[-1].imageScanFindingsSummary.findingSeverityCounts" --output json\n' +
  'done';

/** Lists the alarms in ALARM state, newest change first. */
export const ALARMS_IN_ALARM = 'aws cloudwatch describe-alarms --state-value ALARM --query "MetricAlarms[].[AlarmName,StateUpdatedTimestamp]" --output text';
