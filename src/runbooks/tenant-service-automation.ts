import { CfnResource, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

/** Props of `TenantServiceAutomation`. */
export interface TenantServiceAutomationProps {
  /** The ECS cluster whose services the documents may act on (and only those). */
  readonly cluster: ecs.ICluster;
  /**
   * Prefix of the two document names (`<prefix>-RollbackService`, `<prefix>-ForceNewDeployment`).
   * Document names are unique per account and region.
   * @default - `<stack name>-<construct id>`
   */
  readonly documentNamePrefix?: string;
}

/** The names of the two documents of a `TenantServiceAutomation`, as a tenant's runbook calls them. */
export interface TenantServiceAutomationDocuments {
  /** Name of the rollback document. */
  readonly rollbackDocumentName: string;
  /** Name of the force-new-deployment document. */
  readonly forceNewDeploymentDocumentName: string;
}

const DOCUMENT_NAME = /^[a-zA-Z0-9_.-]{3,128}$/;
const RESERVED_PREFIXES = /^(aws|amazon|amzn)/i;
const ROLLOUT_TIMEOUT_SECONDS = 1800;

/**
 * SSM Automation documents operators run instead of typing ECS commands during an incident (OPS-03),
 * one pair per cluster: roll a service back to its previous task definition (with `DryRun`, default
 * `true`, that only reports) and force a new deployment, both as a role that may change only services
 * of this cluster. Design: docs/performance.md, "Third pass".
 */
export class TenantServiceAutomation extends Construct {
  /** The names of the documents with prefix `documentNamePrefix`, checked as the construct checks them. */
  public static documentNames(documentNamePrefix: string): TenantServiceAutomationDocuments {
    return {
      rollbackDocumentName: documentName(documentNamePrefix, 'RollbackService'),
      forceNewDeploymentDocumentName: documentName(documentNamePrefix, 'ForceNewDeployment'),
    };
  }

  /**
   * Sets `UpdateReplacePolicy` and `DeletionPolicy: Retain` on the task definition of `service`:
   * CloudFormation deregisters a revision when it replaces it, and ECS cannot update a service to a
   * deregistered revision, so the replaced revisions stay ACTIVE for the rollback document (the tenant
   * removal runbook deregisters them).
   */
  public static retainRevisions(service: ecs.BaseService): void {
    const taskDefinition = service.taskDefinition.node.defaultChild;
    if (taskDefinition instanceof CfnResource) taskDefinition.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }

  /** The role both documents run as. */
  public readonly role: iam.Role;
  /** The rollback document. */
  public readonly rollbackDocument: ssm.CfnDocument;
  /** The force-new-deployment document. */
  public readonly forceNewDeploymentDocument: ssm.CfnDocument;
  /** Name of the rollback document (known at synth). */
  public readonly rollbackDocumentName: string;
  /** Name of the force-new-deployment document (known at synth). */
  public readonly forceNewDeploymentDocumentName: string;

  public constructor(scope: Construct, id: string, props: TenantServiceAutomationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const names = TenantServiceAutomation.documentNames(props.documentNamePrefix ?? `${stack.stackName}-${id}`);
    this.rollbackDocumentName = names.rollbackDocumentName;
    this.forceNewDeploymentDocumentName = names.forceNewDeploymentDocumentName;

    const cluster = props.cluster;
    this.role = new iam.Role(this, 'Role', {
      description: `Runs the rollback and force-deployment automations of the services of ${cluster.node.path}`,
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' }) },
        },
      }),
    });
    // Service ARNs name their cluster (arn:...:ecs:<region>:<account>:service/<cluster>/<service>):
    // the role changes services of this cluster only, whatever ClusterName a run passes.
    const services = stack.formatArn({ service: 'ecs', resource: 'service', resourceName: `${cluster.clusterName}/*` });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeServices', 'ecs:UpdateService'], resources: [services] }));
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['ecs:DescribeTaskDefinition', 'ecs:ListTaskDefinitions'],
      resources: ['*'],
    }));
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecs:DescribeTaskDefinition and ecs:ListTaskDefinitions do not support resource-level permissions; ' +
        'both are read-only. The actions that change something (ecs:UpdateService) are scoped to the services of the cluster.',
    }, {
      id: `AwsSolutions-IAM5[Resource::${nagResource(stack, services)}]`,
      reason: 'The automation serves every tenant service of the platform cluster, and only those: the ARN pattern names the cluster.',
    });

    const parameters = {
      ClusterName: { type: 'String', description: 'ECS cluster of the tenant service.', default: cluster.clusterName },
      ServiceName: { type: 'String', description: 'The tenant service (its name).', allowedPattern: '^[A-Za-z0-9_-]{1,255}$' },
      AutomationAssumeRole: { type: 'String', description: 'Role the automation runs as.', default: this.role.roleArn },
    };
    this.rollbackDocument = this.automationDocument('RollbackService', this.rollbackDocumentName, {
      description: 'Rolls the tenant service back to the ACTIVE task definition revision before the one it runs. ' +
        'With DryRun=true (the default) it only reports the current and the previous revision.',
      parameters: {
        ...parameters,
        DryRun: { type: 'Boolean', description: 'true: report what would be rolled back and change nothing.', default: true },
      },
      outputs: ['FindPreviousTaskDefinition.CurrentTaskDefinition', 'FindPreviousTaskDefinition.PreviousTaskDefinition'],
      mainSteps: [
        {
          name: 'FindPreviousTaskDefinition',
          action: 'aws:executeScript',
          inputs: {
            Runtime: 'python3.11',
            Handler: 'handler',
            Script: FIND_PREVIOUS_SCRIPT,
            InputPayload: { cluster: '{{ ClusterName }}', service: '{{ ServiceName }}' },
          },
          outputs: [
            { Name: 'CurrentTaskDefinition', Selector: '$.Payload.current', Type: 'String' },
            { Name: 'PreviousTaskDefinition', Selector: '$.Payload.previous', Type: 'String' },
          ],
        },
        {
          name: 'StopIfDryRun',
          action: 'aws:branch',
          inputs: {
            Choices: [{ NextStep: 'RollBack', Variable: '{{ DryRun }}', BooleanEquals: false }],
            Default: 'DryRunComplete',
          },
        },
        { name: 'DryRunComplete', action: 'aws:sleep', isEnd: true, inputs: { Duration: 'PT1S' } },
        updateService('RollBack', { taskDefinition: '{{ FindPreviousTaskDefinition.PreviousTaskDefinition }}' }),
        WAIT_FOR_STABLE_DEPLOYMENT,
      ],
    });

    this.forceNewDeploymentDocument = this.automationDocument('ForceNewDeployment', this.forceNewDeploymentDocumentName, {
      description: 'Replaces every task of the tenant service with a new one of the same task definition ' +
        '(picks up a rebuilt image, rotated secrets or a patched platform) and waits until the deployment completes.',
      parameters,
      mainSteps: [updateService('ForceNewDeployment', { forceNewDeployment: true }), WAIT_FOR_STABLE_DEPLOYMENT],
    });
  }

  /** An Automation document (schema 0.3) named `name` that runs as the role. */
  private automationDocument(id: string, name: string, content: Record<string, unknown>): ssm.CfnDocument {
    return new ssm.CfnDocument(this, id, {
      name,
      documentType: 'Automation',
      updateMethod: 'NewVersion',
      content: { schemaVersion: '0.3', assumeRole: '{{ AutomationAssumeRole }}', ...content },
    });
  }
}

/** The step that updates the service with `changes` (a new task definition, or a forced deployment). */
function updateService(name: string, changes: Record<string, unknown>) {
  return {
    name,
    action: 'aws:executeAwsApi',
    inputs: { Service: 'ecs', Api: 'UpdateService', cluster: '{{ ClusterName }}', service: '{{ ServiceName }}', ...changes },
  };
}

/** The last step of both documents: wait until the new deployment of the service completes. */
const WAIT_FOR_STABLE_DEPLOYMENT = {
  name: 'WaitForStableDeployment',
  action: 'aws:waitForAwsResourceProperty',
  timeoutSeconds: ROLLOUT_TIMEOUT_SECONDS,
  isEnd: true,
  inputs: {
    Service: 'ecs',
    Api: 'DescribeServices',
    cluster: '{{ ClusterName }}',
    services: ['{{ ServiceName }}'],
    PropertySelector: '$.services[0].deployments[0].rolloutState',
    DesiredValues: ['COMPLETED'],
  },
};

/** `arn` as cdk-nag names a resource in a finding: `<AWS::Partition>`, `<LogicalId>`, `<LogicalId.Attribute>`. */
function nagResource(stack: Stack, arn: string): string {
  const resolved = stack.resolve(arn);
  const parts: unknown[] = typeof resolved === 'string' ? [resolved] : resolved['Fn::Join'][1];
  return parts.map((p: any) => typeof p === 'string' ? p : p.Ref ? `<${p.Ref}>` : `<${p['Fn::GetAtt'].join('.')}>`).join('');
}

function documentName(prefix: string, suffix: string): string {
  const name = `${prefix}-${suffix}`;
  if (Token.isUnresolved(prefix) || !DOCUMENT_NAME.test(name) || RESERVED_PREFIXES.test(name)) {
    throw new Error(`TenantServiceAutomation documentNamePrefix "${prefix}" gives the document name "${name}", which must match ` +
      `${DOCUMENT_NAME}, be known at synth and not start with aws, amazon or amzn`);
  }
  return name;
}

/**
 * Finds the newest ACTIVE revision of the service's task definition family that is older than the
 * one the service runs.
 */
const FIND_PREVIOUS_SCRIPT = `import boto3


def handler(event, context):
    ecs = boto3.client("ecs")
    service = ecs.describe_services(cluster=event["cluster"], services=[event["service"]])["services"][0]
    current = service["taskDefinition"]
    family, revision = current.rsplit("/", 1)[1].rsplit(":", 1)
    pages = ecs.get_paginator("list_task_definitions").paginate(familyPrefix=family, status="ACTIVE", sort="DESC")
    for page in pages:
        for arn in page["taskDefinitionArns"]:
            arn_family, arn_revision = arn.rsplit("/", 1)[1].rsplit(":", 1)
            if arn_family == family and int(arn_revision) < int(revision):
                return {"current": current, "previous": arn}
    raise Exception("no ACTIVE revision of " + family + " older than " + revision + " to roll back to")
`;
