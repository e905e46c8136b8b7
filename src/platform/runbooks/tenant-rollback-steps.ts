import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookStep } from '../../runbooks/runbook-section';
import { sh } from '../../runbooks/shell-words';
import { TenantServiceAutomationDocuments } from '../../runbooks/tenant-service-automation';

/**
 * Rollback of a rolling deployment: the SSM Automation `automation` (when there is one) on the service
 * of `service`, and the same with the ECS CLI on the service of `service` (`CLUSTER` and `SERVICE` lookups).
 */
export function rollingRollbackSteps(
  automation: TenantServiceAutomationDocuments | undefined, service: { [variable: string]: ResourceLookup },
): RunbookStep[] {
  const ssmSteps: RunbookStep[] = automation ? [
    {
      text: {
        ja: `dry-run: SSM Automation「${automation.rollbackDocumentName}」を DryRun=true で実行し、現在と戻し先のタスク定義を確認します。`,
        en: `Dry run: run the SSM Automation "${automation.rollbackDocumentName}" with DryRun=true and read the current and the target task definition.`,
      },
      commands: [runAutomation(automation.rollbackDocumentName, service, true)],
      expected: {
        ja: 'Success で、Outputs に CurrentTaskDefinition と PreviousTaskDefinition が表示されること。戻し先が意図したバージョンか確認します。',
        en: 'Success, with CurrentTaskDefinition and PreviousTaskDefinition in Outputs. Check the target is the version you expect.',
      },
    },
    {
      text: { ja: 'ロールバックを実行し、完了まで待ちます。', en: 'Roll back and wait until it completes.' },
      commands: [runAutomation(automation.rollbackDocumentName, service, false)],
      expected: { ja: 'Success になること (デプロイ完了まで最大30分)。', en: 'Success (up to 30 minutes until the deployment completes).' },
    },
  ] : [];
  return [
    ...ssmSteps,
    {
      text: {
        ja: automation ? 'SSM Automation が使えない場合の CLI 手順: まず dry-run として現在と戻し先を表示します。' : 'dry-run: 現在のタスク定義と戻し先 (1つ前のリビジョン) を表示し、戻し先が ACTIVE であることを確認します。',
        en: automation ? 'CLI alternative when SSM Automation is unavailable, dry run first: show the current and the target revision.' : 'Dry run: show the current task definition and the target (the previous revision), and check the target is ACTIVE.',
      },
      commands: [RunbookCommand.withLookups(
        'CURRENT=$(aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].taskDefinition" --output text)\n' +
        'PREVIOUS="${CURRENT%:*}:$(( ${CURRENT##*:} - 1 ))"\n' +
        'echo "current: $CURRENT"\n' +
        'aws ecs describe-task-definition --task-definition "$PREVIOUS" --query "taskDefinition.[taskDefinitionArn,status,containerDefinitions[0].image]" --output text', service)],
      expected: { ja: '戻し先の status が ACTIVE で、イメージが1つ前のバージョンであること。', en: 'The target is ACTIVE and runs the previous image.' },
    },
    {
      text: { ja: 'CLI でロールバックを実行し、安定するまで待ちます。', en: 'Roll back with the CLI and wait until the service is stable.' },
      commands: [RunbookCommand.withLookups(
        'CURRENT=$(aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].taskDefinition" --output text)\n' +
        'PREVIOUS="${CURRENT%:*}:$(( ${CURRENT##*:} - 1 ))"\n' +
        'aws ecs update-service --cluster "$CLUSTER" --service "$SERVICE" --task-definition "$PREVIOUS" --query "service.deployments[0].[taskDefinition,rolloutState]" --output text\n' +
        'aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"', service)],
      expected: { ja: 'waiter がエラーなく終了すること。', en: 'The waiter ends without error.' },
    },
  ];
}


/** Rollback of a blue/green deployment (ECS-04): stop the CodeDeploy deployment of `group` with automatic rollback to blue. */
export function blueGreenRollbackSteps(group: codedeploy.IEcsDeploymentGroup): RunbookStep[] {
  const lookups = { APPLICATION: ResourceLookup.physicalId(group.application), GROUP: ResourceLookup.physicalId(group) };
  const latest = 'DEPLOYMENT=$(aws deploy list-deployments --application-name "$APPLICATION" --deployment-group-name "$GROUP" --query "deployments[0]" --output text)';
  return [
    {
      text: {
        ja: 'dry-run: 最新の CodeDeploy デプロイと状態を表示します。ロールバックできるのは、旧環境 (blue) が残っている待機時間中のデプロイです。',
        en: 'Dry run: show the latest CodeDeploy deployment and its status. Only a deployment whose old (blue) tasks are still kept can be rolled back.',
      },
      commands: [RunbookCommand.withLookups(
        `${latest}\n` +
        'aws deploy get-deployment --deployment-id "$DEPLOYMENT" --query "deploymentInfo.[deploymentId,status,createTime,completeTime]" --output text', lookups)],
      expected: { ja: 'status が InProgress または Ready (待機中) であること。Succeeded の場合は恒久対応 (前のバージョンの再デプロイ) に進みます。', en: 'Status InProgress or Ready (waiting). If Succeeded, go to the follow-up (deploy the previous version).' },
    },
    {
      text: { ja: 'デプロイを停止し、旧環境 (blue) へ自動ロールバックします。', en: 'Stop the deployment and roll back to the old (blue) tasks.' },
      commands: [RunbookCommand.withLookups(
        `${latest}\n` +
        'aws deploy stop-deployment --deployment-id "$DEPLOYMENT" --auto-rollback-enabled\n' +
        'aws deploy wait deployment-successful --deployment-id "$DEPLOYMENT" || aws deploy get-deployment --deployment-id "$DEPLOYMENT" --query "deploymentInfo.[status,rollbackInfo]" --output json', lookups)],
      expected: { ja: 'status が Stopped で、rollbackInfo にロールバックのデプロイ ID が表示されること。', en: 'Status Stopped, with the rollback deployment id in rollbackInfo.' },
    },
  ];
}

/**
 * Starts SSM Automation `document` on the service of `service` (`CLUSTER` and `SERVICE` lookups;
 * with `DryRun=<dryRun>` when given), waits while it runs and prints its status, outputs and failure message.
 */
export function runAutomation(document: string, service: { [variable: string]: ResourceLookup }, dryRun?: boolean): RunbookCommand {
  // ECS cluster and service names are letters, digits, "-" and "_": no "," or "=" to break the shorthand list.
  const parameters = `"ClusterName=$CLUSTER,ServiceName=\${SERVICE##*/}${dryRun === undefined ? '' : `,DryRun=${dryRun}`}"`;
  return RunbookCommand.withLookups(
    sh`EXECUTION_ID=$(aws ssm start-automation-execution --document-name ${document} --parameters ` +
    `${parameters} --query AutomationExecutionId --output text)\n` +
    'while aws ssm get-automation-execution --automation-execution-id "$EXECUTION_ID" --query AutomationExecution.AutomationExecutionStatus --output text | grep -qE \'^(Pending|InProgress|Waiting|Cancelling)$\'; do sleep 15; done\n' +
    'aws ssm get-automation-execution --automation-execution-id "$EXECUTION_ID" --query "AutomationExecution.[AutomationExecutionStatus,Outputs,FailureMessage]" --output json', service);
}
