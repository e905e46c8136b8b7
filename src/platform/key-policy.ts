import { ArnFormat, IResolveContext, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Limits grants on a key the library creates to grants for AWS resources or by AWS services (RDS
 * storage, Backup copies, Firehose): an explicit deny of `kms:CreateGrant` unless
 * `kms:GrantIsForAWSResource` or `aws:PrincipalIsAWSService` is true, written as AWS Control Tower's
 * CT.KMS.PR.3 requires. The account's `kms:*` statement, which CDK writes so the key stays
 * manageable, would otherwise let any principal with IAM permissions hand the key to anyone through
 * a grant, bypassing the key policy (DB-03, DR-02, LOG-02). The allow aws-cdk-lib writes for a
 * Secrets Manager secret on the key is narrowed too (`narrowSecretsManagerAllows`).
 */
export function denyGrantsNotForAwsResources(key: kms.Key): void {
  narrowSecretsManagerAllows(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsNotForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
}

/** Keys whose policy is already narrowed: the policy is wrapped once. */
const NARROWED = new WeakSet<kms.Key>();

/**
 * Narrows, at synth, every allow through Secrets Manager on `key`: those aws-cdk-lib writes for each
 * secret encrypted with it
 * (`Secret` grants the account `kms:Decrypt`/`Encrypt`/`ReEncrypt*`/`GenerateDataKey*` and
 * `kms:CreateGrant` + `kms:DescribeKey` through Secrets Manager), to the conditions of the key
 * policy AWS writes for its own Secrets Manager key ("Secret encryption and decryption in AWS Secrets
 * Manager", Secrets Manager User Guide): `kms:ViaService` = `secretsmanager.<region>.amazonaws.com`
 * and `kms:CallerAccount` = this account. The same guide says Secrets Manager does not use grants to
 * reach the key, so `kms:CreateGrant` is split off and allowed only for grants for AWS resources
 * (`kms:GrantIsForAWSResource`, which KMS sets only on `CreateGrant` and which
 * `kms:DescribeKey` therefore cannot carry) (DB-03, DB-05).
 */
function narrowSecretsManagerAllows(key: kms.Key): void {
  if (NARROWED.has(key)) return;
  NARROWED.add(key);
  const cfnKey = key.node.defaultChild as kms.CfnKey;
  const document = cfnKey.keyPolicy;
  const stack = Stack.of(key);
  const viaService = `secretsmanager.${stack.region}.amazonaws.com`;
  cfnKey.keyPolicy = Lazy.uncachedAny({
    produce: (context: IResolveContext) => {
      const policy = context.resolve(document);
      const region = context.resolve(viaService);
      const account = context.resolve(stack.account);
      return { ...policy, Statement: (policy.Statement as any[]).flatMap(s => narrowed(s, region, account)) };
    },
  });
}

/** `statement` narrowed as `narrowSecretsManagerAllows` says when it is an allow through Secrets Manager, else unchanged. */
function narrowed(statement: any, viaService: string, account: unknown): any[] {
  const condition = statement.Condition ?? {};
  const isSecretsManagerAllow = statement.Effect === 'Allow' && statement.Principal?.AWS !== undefined &&
    Object.keys(condition).length === 1 && condition.StringEquals && Object.keys(condition.StringEquals).length === 1 &&
    condition.StringEquals['kms:ViaService'] === viaService;
  if (!isSecretsManagerAllow) return [statement];
  const conditions = { StringEquals: { 'kms:ViaService': viaService, 'kms:CallerAccount': account } };
  const actions: string[] = [statement.Action].flat();
  const others = actions.filter(a => a !== 'kms:CreateGrant');
  return [
    ...others.length > 0 ? [{ ...statement, Action: others.length === 1 ? others[0] : others, Condition: conditions }] : [],
    ...actions.includes('kms:CreateGrant')
      ? [{ ...statement, Action: 'kms:CreateGrant', Condition: { ...conditions, Bool: { 'kms:GrantIsForAWSResource': 'true' } } }]
      : [],
  ];
}

/**
 * The condition that limits a service principal publishing to an encrypted SNS topic to the topics
 * of this account and region: SNS calls KMS with the encryption context `aws:sns:topicArn`, the
 * condition AWS documents for service publishers to encrypted topics (e.g. Amazon GameLift, "Set up an
 * SNS topic with server-side encryption"). Every publisher supports it, whereas EventBridge sends no
 * `aws:SourceArn`/`aws:SourceAccount` to KMS when it delivers to an encrypted topic.
 */
export function topicsOfThisAccount(stack: Stack): { [key: string]: string } {
  return { 'kms:EncryptionContext:aws:sns:topicArn': stack.formatArn({ service: 'sns', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) };
}
