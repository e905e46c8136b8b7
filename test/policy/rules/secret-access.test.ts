import { App, CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { flagged, newVpc, resourcePath } from '../../support/policy';

const ENV = { account: '111111111111', region: 'ap-northeast-1' };

/** A task definition whose `app` container receives `secrets`. */
function task(stack: Stack, secrets: Record<string, ecs.Secret>): ecs.FargateTaskDefinition {
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'), secrets });
  return taskDefinition;
}

/** A shared stack with a customer-managed key and a secret encrypted with it, both exported; and a consumer stack importing them. */
function sharedSecretApp() {
  const app = new App();
  const shared = new Stack(app, 'Shared', { env: ENV });
  const key = new kms.Key(shared, 'Key');
  const secret = new secretsmanager.Secret(shared, 'ApiKey', { encryptionKey: key });
  new CfnOutput(shared, 'KeyArn', { value: key.keyArn, exportName: 'Shared-KeyArn' });
  new CfnOutput(shared, 'SecretArn', { value: secret.secretArn, exportName: 'Shared-SecretArn' });
  const consumer = new Stack(app, 'Consumer', { env: ENV });
  const imported = secretsmanager.Secret.fromSecretAttributes(consumer, 'ApiKey', {
    secretCompleteArn: Fn.importValue('Shared-SecretArn'),
    encryptionKey: kms.Key.fromKeyArn(consumer, 'Key', Fn.importValue('Shared-KeyArn')),
  });
  const taskDefinition = task(consumer, { API_KEY: ecs.Secret.fromSecretsManager(imported) });
  return { consumer, taskDefinition };
}

const decryptVia = (service: string, keyArn: string) => new iam.PolicyStatement({
  actions: ['kms:Decrypt'], resources: [keyArn], conditions: { StringEquals: { 'kms:ViaService': `${service}.ap-northeast-1.amazonaws.com` } },
});

describe('TenantPlatform-KMS1 (ECS-05)', () => {
  test('ECS-05: a secret imported from another stack with its customer-managed key, read with grantRead only, is flagged', () => {
    const { consumer, taskDefinition } = sharedSecretApp();
    expect(flagged(consumer, 'KMS1')).toEqual([`${resourcePath(taskDefinition)}[app:API_KEY]`]);
  });

  test('ECS-05: kms:Decrypt on the imported key through Secrets Manager, in the execution role\'s policy, passes', () => {
    const { consumer, taskDefinition } = sharedSecretApp();
    taskDefinition.obtainExecutionRole().addToPrincipalPolicy(decryptVia('secretsmanager', Fn.importValue('Shared-KeyArn')));
    expect(flagged(consumer, 'KMS1')).toEqual([]);
  });

  test('ECS-05: kms:Decrypt limited to another service (kms:ViaService s3) does not count', () => {
    const { consumer, taskDefinition } = sharedSecretApp();
    taskDefinition.obtainExecutionRole().addToPrincipalPolicy(decryptVia('s3', Fn.importValue('Shared-KeyArn')));
    expect(flagged(consumer, 'KMS1')).toEqual([`${resourcePath(taskDefinition)}[app:API_KEY]`]);
  });

  test('ECS-05: a secret and key of the same stack pass through the key policy grantRead writes', () => {
    const stack = new Stack(new App(), 'Test', { env: ENV });
    const secret = new secretsmanager.Secret(stack, 'ApiKey', { encryptionKey: new kms.Key(stack, 'Key') });
    task(stack, { API_KEY: ecs.Secret.fromSecretsManager(secret) });
    expect(flagged(stack, 'KMS1')).toEqual([]);
  });

  test('ECS-05: a secret under the AWS managed key needs no grant', () => {
    const stack = new Stack(new App(), 'Test', { env: ENV });
    task(stack, { API_KEY: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'ApiKey')) });
    expect(flagged(stack, 'KMS1')).toEqual([]);
  });

  test('ECS-05: an RDS-managed master secret with a customer key is flagged when the execution role may not decrypt it', () => {
    const stack = new Stack(new App(), 'Test', { env: ENV });
    const key = new kms.Key(stack, 'Key');
    const db = new rds.CfnDBInstance(stack, 'Db', {
      engine: 'postgres',
      dbInstanceClass: 'db.t4g.micro',
      allocatedStorage: '20',
      masterUsername: 'postgres',
      manageMasterUserPassword: true,
      masterUserSecret: { kmsKeyId: key.keyArn },
    });
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Master', db.attrMasterUserSecretSecretArn);
    const taskDefinition = task(stack, { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password') });
    expect(flagged(stack, 'KMS1')).toEqual([`${resourcePath(taskDefinition)}[app:DB_PASSWORD]`]);
  });

  test('ECS-05: a secret outside the app cannot be judged and is reported as unresolved, not passed', () => {
    const stack = new Stack(new App(), 'Test', { env: ENV });
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'External', 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:external-AbCdEf');
    const taskDefinition = task(stack, { API_KEY: ecs.Secret.fromSecretsManager(secret) });
    expect(flagged(stack, 'KMS1')).toEqual([`${resourcePath(taskDefinition)}[Unresolved:ContainerDefinitions.Secrets.ValueFrom]`]);
  });

  test('ECS-05: a function whose role may not decrypt its environment key is flagged; a grant on that key passes', () => {
    const stack = new Stack(new App(), 'Test', { env: ENV });
    const fn = (id: string) => new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => 1;'),
      environment: { MODE: 'x' },
      environmentEncryption: kms.Key.fromKeyArn(stack, `${id}Key`, 'arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    });
    const denied = fn('Denied');
    const allowed = fn('Allowed');
    allowed.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'] }));
    expect(flagged(stack, 'KMS1')).toEqual([resourcePath(denied)]);
  });
});

describe('TenantPlatform-ECS15 (DB-05)', () => {
  test('DB-05: a task receiving the DatabaseSecret attached to an instance in another stack is flagged', () => {
    const app = new App();
    const shared = new Stack(app, 'Shared', { env: ENV });
    const vpc = newVpc(shared);
    const instance = new rds.DatabaseInstance(shared, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      credentials: rds.Credentials.fromGeneratedSecret('postgres'),
    });
    new CfnOutput(shared, 'DbSecret', { value: instance.secret!.secretArn, exportName: 'Shared-DbSecretArn' });
    const tenant = new Stack(app, 'Tenant', { env: ENV });
    const master = secretsmanager.Secret.fromSecretCompleteArn(tenant, 'Master', Fn.importValue('Shared-DbSecretArn'));
    const other = new secretsmanager.Secret(tenant, 'Own');
    const taskDefinition = task(tenant, {
      DB_USER: ecs.Secret.fromSecretsManager(master, 'username'),
      DB_PASSWORD: ecs.Secret.fromSecretsManager(master, 'password'),
      API_KEY: ecs.Secret.fromSecretsManager(other),
    });
    expect(flagged(tenant, 'ECS15')).toEqual([`${resourcePath(taskDefinition)}[app:DB_PASSWORD]`, `${resourcePath(taskDefinition)}[app:DB_USER]`]);
  });

  test('DB-05: a task receiving an RDS-managed MasterUserSecret, or the secret of a MasterUserPassword dynamic reference, is flagged', () => {
    const stack = new Stack(new App(), 'Test', { env: ENV });
    const managed = new rds.CfnDBInstance(stack, 'Managed', {
      engine: 'postgres', dbInstanceClass: 'db.t4g.micro', allocatedStorage: '20', masterUsername: 'postgres', manageMasterUserPassword: true,
    });
    const secret = new secretsmanager.Secret(stack, 'Referenced');
    new rds.CfnDBCluster(stack, 'Cluster', {
      engine: 'aurora-postgresql',
      masterUsername: 'postgres',
      masterUserPassword: `{{resolve:secretsmanager:${secret.secretArn}:SecretString:password}}`,
    });
    const taskDefinition = task(stack, {
      MANAGED: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(stack, 'M', managed.attrMasterUserSecretSecretArn), 'password'),
      REFERENCED: ecs.Secret.fromSecretsManager(secret, 'password'),
    });
    expect(flagged(stack, 'ECS15')).toEqual([`${resourcePath(taskDefinition)}[app:MANAGED]`, `${resourcePath(taskDefinition)}[app:REFERENCED]`]);
  });

  test('DB-05: a task receiving only its own secrets passes', () => {
    const stack = new Stack(new App(), 'Test', { env: ENV });
    const vpc = newVpc(stack);
    new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    task(stack, { API_KEY: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Own')) });
    expect(flagged(stack, 'ECS15')).toEqual([]);
  });
});
