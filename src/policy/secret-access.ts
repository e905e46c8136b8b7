import { CfnResource, Stack } from 'aws-cdk-lib';
import { appResources, designatedResource, referencedResources, referrers } from './references';
import { DATABASE_TYPES } from './resources/database';
import { containerName, containersOf } from './resources/ecs';
import { UnresolvedValue } from './rule';
import { listOf, propertiesOf, stringOf } from './template';

/** A secret an ECS task definition has ECS inject: a container secret or a log-driver secret option. */
export interface InjectedSecret {
  /** `container:NAME`, for granular findings. */
  readonly finding: string;
  readonly valueFrom: unknown;
  readonly property: string;
}

/** Every secret ECS injects for `taskDefinition` (with its execution role). */
export function injectedSecrets(taskDefinition: CfnResource): InjectedSecret[] {
  return containersOf(taskDefinition).flatMap(container => [
    ...listOf(container?.Secrets, 'ContainerDefinitions.Secrets').map(secret => ({
      finding: `${containerName(container)}:${secret?.Name}`, valueFrom: secret?.ValueFrom, property: 'ContainerDefinitions.Secrets.ValueFrom',
    })),
    ...listOf(container?.LogConfiguration?.SecretOptions, 'ContainerDefinitions.LogConfiguration.SecretOptions').map(option => ({
      finding: `${containerName(container)}:${option?.Name}`, valueFrom: option?.ValueFrom, property: 'ContainerDefinitions.LogConfiguration.SecretOptions.ValueFrom',
    })),
  ]);
}

const SECRET_TYPES = ['AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment', ...DATABASE_TYPES];

/**
 * The resource of the app that holds the secret `valueFrom` designates: a Secrets Manager secret,
 * an attachment (whose `Ref` is its secret's ARN), or a database whose `MasterUserSecret` RDS
 * manages. `undefined` for an SSM parameter. A Secrets Manager ARN outside the app throws `UnresolvedValue`.
 */
export function secretResourceOf(from: CfnResource, valueFrom: unknown, property: string): CfnResource | undefined {
  const found = referencedResources(Stack.of(from), valueFrom, property);
  const match = found.find(r => SECRET_TYPES.includes(r.cfnResourceType));
  if (match) return match;
  if (found.some(r => r.cfnResourceType === 'AWS::SSM::Parameter') || JSON.stringify(valueFrom ?? '').includes(':ssm:')) return undefined;
  throw new UnresolvedValue(property, valueFrom);
}

/** A KMS key as a template refers to it: a `KmsKeyId` value, resolved in `stack`. */
export interface KeyReference {
  readonly stack: Stack;
  readonly value: unknown;
}

/**
 * The customer managed key that encrypts the secret held by `holder` (see `secretResourceOf`),
 * `undefined` when it is the AWS managed key of Secrets Manager (`aws/secretsmanager`).
 */
export function secretKeyOf(holder: CfnResource): KeyReference | undefined {
  const stack = Stack.of(holder);
  if (DATABASE_TYPES.includes(holder.cfnResourceType)) {
    const value = propertiesOf(holder).MasterUserSecret?.KmsKeyId;
    return value === undefined ? undefined : { stack, value };
  }
  const secret = holder.cfnResourceType === 'AWS::SecretsManager::SecretTargetAttachment'
    ? designatedResource(holder, propertiesOf(holder).SecretId, 'SecretId', 'AWS::SecretsManager::Secret')
    : holder;
  const value = propertiesOf(secret).KmsKeyId;
  if (value === undefined || (typeof value === 'string' && /alias\/aws\/secretsmanager$/.test(value))) return undefined;
  return { stack: Stack.of(secret), value };
}

/**
 * Whether `role` (an `AWS::IAM::Role` of the app) may `kms:Decrypt` with `key`: through a statement
 * of its own policies (inline, attached, customer managed) on that key or on `*`, or through the
 * key's policy naming the role. `viaService` is the service the decryption comes through
 * (`secretsmanager`, `lambda`); a `kms:ViaService` condition for another service does not count.
 * Throws `UnresolvedValue` when no grant is found but a policy could not be resolved.
 */
export function roleCanDecrypt(role: CfnResource, key: KeyReference, viaService: string): boolean {
  const keyResources = resourcesOr(key.stack, key.value);
  const keyLiteral = typeof key.value === 'string' ? key.value : undefined;
  let unresolved: UnresolvedValue | undefined;
  const grants = (statement: any, resourceMatches: (entry: unknown) => boolean) => {
    try {
      return statement?.Effect === 'Allow' && allowsDecrypt(statement) && viaServiceAllows(statement, viaService)
        && [statement.Resource].flat().some(resourceMatches);
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) throw e;
      unresolved ??= e;
      return false;
    }
  };
  const identityGrant = identityStatements(role).some(({ statement, stack }) => grants(statement, entry => {
    if (typeof entry === 'string') return entry === '*' || /:key\/\*$/.test(entry) || (keyLiteral !== undefined && entry === keyLiteral);
    return resourcesOr(stack, entry).some(r => keyResources.includes(r));
  }));
  if (identityGrant) return true;
  const keyPolicyGrant = keyResources.filter(r => r.cfnResourceType === 'AWS::KMS::Key').some(keyResource => {
    const stack = Stack.of(keyResource);
    return listOf(propertiesOf(keyResource).KeyPolicy?.Statement, 'KeyPolicy.Statement')
      .some(statement => grants(statement, () => true) && principalNames(stack, statement, role));
  });
  if (keyPolicyGrant) return true;
  if (unresolved) throw unresolved;
  if (keyResources.length === 0 && keyLiteral === undefined) throw new UnresolvedValue('KmsKeyId', key.value);
  return false;
}

/** The resources `value` refers to, or none for a literal. */
function resourcesOr(stack: Stack, value: unknown): CfnResource[] {
  return typeof value === 'string' ? [] : referencedResources(stack, value, 'Resource');
}

function matchesAction(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return regex.test(action);
}

function allowsDecrypt(statement: any): boolean {
  return statement.Action !== undefined && [statement.Action].flat().some(action => typeof action === 'string' && matchesAction(action, 'kms:Decrypt'));
}

/** False when the statement is limited by `kms:ViaService` to services other than `service`. */
function viaServiceAllows(statement: any, service: string): boolean {
  const values = Object.values<any>(statement.Condition ?? {}).flatMap(operator =>
    Object.entries<any>(operator ?? {}).filter(([key]) => key.toLowerCase() === 'kms:viaservice').flatMap(([, v]) => [v].flat()));
  return values.length === 0 || values.some(v => typeof v !== 'string' || v.startsWith(`${service}.`) || v === '*');
}

/** Whether the statement's principal names `role` (by reference, or by a literal ARN equal to its name). */
function principalNames(stack: Stack, statement: any, role: CfnResource): boolean {
  const aws = statement?.Principal?.AWS;
  if (aws === undefined) return false;
  return [aws].flat().some(entry => typeof entry !== 'string' && resourcesOr(stack, entry).includes(role));
}

/** The statements of every identity policy of `role`, each with the stack it resolves in. */
function identityStatements(role: CfnResource): Array<{ statement: any; stack: Stack }> {
  const props = propertiesOf(role);
  const roleStack = Stack.of(role);
  const inline = listOf(props.Policies, 'Policies')
    .flatMap(policy => listOf(policy?.PolicyDocument?.Statement, 'Policies.PolicyDocument.Statement'))
    .map(statement => ({ statement, stack: roleStack }));
  const attached = referrers(role, appResources(role, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'), 'Roles', p => p.Roles ?? []).matches;
  const managed = listOf(props.ManagedPolicyArns, 'ManagedPolicyArns')
    .flatMap(arn => resourcesOr(roleStack, arn).filter(r => r.cfnResourceType === 'AWS::IAM::ManagedPolicy'));
  const documents = [...new Set([...attached, ...managed])]
    .flatMap(policy => listOf(propertiesOf(policy).PolicyDocument?.Statement, 'PolicyDocument.Statement')
      .map(statement => ({ statement, stack: Stack.of(policy) })));
  return [...inline, ...documents];
}

/** The role a task definition or function runs with (`ExecutionRoleArn`, `Role`), `undefined` when it has none. */
export function roleOf(node: CfnResource, property: string): CfnResource | undefined {
  const arn = propertiesOf(node)[property];
  return arn === undefined ? undefined : designatedResource(node, arn, property, 'AWS::IAM::Role');
}

/**
 * Every resource of the app that holds a database's master password: secrets named by a
 * `MasterUserPassword` dynamic reference, secrets attached to a database (`SecretTargetAttachment`,
 * as aws-cdk-lib's `DatabaseSecret` does) and the attachments themselves, and databases whose
 * `MasterUserSecret` RDS manages. Also the literal secret ids named in dynamic references.
 */
export function masterSecretHolders(scope: CfnResource): { resources: Set<CfnResource>; literals: Set<string> } {
  const resources = new Set<CfnResource>();
  const literals = new Set<string>();
  for (const db of appResources(scope, ...DATABASE_TYPES)) {
    const props = propertiesOf(db);
    if (props.ManageMasterUserPassword === true || String(props.ManageMasterUserPassword) === 'true') resources.add(db);
    const password = props.MasterUserPassword;
    if (password === undefined) continue;
    if (!JSON.stringify(password).includes('{{resolve:secretsmanager:')) continue;
    const literal = typeof password === 'string' ? /^\{\{resolve:secretsmanager:(.+?):SecretString/.exec(password) : null;
    if (literal) literals.add(literal[1]);
    try {
      for (const r of referencedResources(Stack.of(db), password, 'MasterUserPassword')) resources.add(r);
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) throw e; // a parameter: its secret cannot be followed
    }
  }
  for (const attachment of appResources(scope, 'AWS::SecretsManager::SecretTargetAttachment')) {
    const props = propertiesOf(attachment);
    if (!DATABASE_TYPES.includes(String(stringOf(props.TargetType, 'TargetType')))) continue;
    resources.add(attachment);
    for (const r of referencedResources(Stack.of(attachment), props.SecretId, 'SecretId')) {
      if (r.cfnResourceType === 'AWS::SecretsManager::Secret') resources.add(r);
    }
    if (typeof props.SecretId === 'string') literals.add(props.SecretId);
  }
  return { resources, literals };
}
