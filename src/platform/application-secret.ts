import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PropProblems } from '../core/validation';
import { MAX_API_KEY_ROTATION_DAYS, MAX_JWT_SIGNING_KEY_ROTATION_DAYS, SECRET_KIND_TAG } from '../policy/secret-kinds';

/** What a secret holds, and so how often it must rotate (DB-05). */
export class SecretKind {
  /** Database credentials: every 90 days; AWS hosts rotation functions for them. */
  public static readonly DATABASE = new SecretKind('database', Duration.days(90), true);
  /** An API key: every 180 days. */
  public static readonly API_KEY = new SecretKind('api-key', Duration.days(MAX_API_KEY_ROTATION_DAYS), false);
  /** A JWT signing key: every 365 days. */
  public static readonly JWT_SIGNING_KEY = new SecretKind('jwt-signing-key', Duration.days(MAX_JWT_SIGNING_KEY_ROTATION_DAYS), false);
  /**
   * The tag that declares a secret's kind (values: `database`, `api-key`, `jwt-signing-key`); the
   * policy rules TenantPlatform-SM2/SM3 read it on any `AWS::SecretsManager::Secret`.
   */
  public static readonly TAG_KEY = SECRET_KIND_TAG;

  private constructor(
    /** The value of the kind tag, e.g. `api-key`. */
    public readonly tagValue: string,
    /** The longest rotation period DB-05 allows for this kind. */
    public readonly maxRotation: Duration,
    /** Whether Secrets Manager hosts rotation functions for this kind (`HostedRotation`). */
    public readonly hasHostedRotation: boolean,
  ) {}
}

/** Props of `ApplicationSecret`. */
export interface ApplicationSecretProps {
  /** What the secret holds; sets the longest rotation period and the kind tag. */
  readonly kind: SecretKind;
  /**
   * The function that rotates the secret (the four-step Secrets Manager rotation contract). Give
   * this or `hostedRotation`.
   * @default - none; then `hostedRotation` is required
   */
  readonly rotationFunction?: lambda.IFunction;
  /**
   * A rotation function hosted by Secrets Manager; only for `SecretKind.DATABASE`, the only kind AWS
   * hosts rotation for. Give this or `rotationFunction`.
   * @default - none; then `rotationFunction` is required
   */
  readonly hostedRotation?: secretsmanager.HostedRotation;
  /**
   * How often the secret rotates; at most the kind's `maxRotation`.
   * @default - the kind's maxRotation
   */
  readonly rotationPeriod?: Duration;
  /**
   * The key encrypting the secret.
   * @default - the account's AWS managed key for Secrets Manager
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Physical name of the secret.
   * @default - a name CloudFormation generates
   */
  readonly secretName?: string;
  /**
   * Description of the secret.
   * @default - names the kind and the rotation period
   */
  readonly description?: string;
  /**
   * How the first value is generated (the rotation function replaces it on schedule).
   * @default - 32 random characters
   */
  readonly generateSecretString?: secretsmanager.SecretStringGenerator;
}

/**
 * An application secret that rotates as its kind requires (DB-05): database credentials every 90
 * days, API keys every 180, JWT signing keys every 365, with the rotation function you supply or a
 * hosted one. Tagged with its kind so the policy pack can check it; retained when the stack is deleted.
 */
export class ApplicationSecret extends Construct {
  public readonly secret: secretsmanager.Secret;
  public readonly kind: SecretKind;
  public readonly rotationPeriod: Duration;

  public constructor(scope: Construct, id: string, props: ApplicationSecretProps) {
    super(scope, id);
    const check = new PropProblems(this.node.path);
    const kind = props.kind;
    const period = props.rotationPeriod ?? kind.maxRotation;
    check.durationAtMost('rotationPeriod', period, kind.maxRotation, `for a ${kind.tagValue} secret (DB-05)`);
    check.durationAtLeast('rotationPeriod', period, Duration.days(1), 'of an automatic rotation schedule in days');
    if (props.rotationFunction && props.hostedRotation) {
      check.report('rotationFunction/hostedRotation', 'both', 'are given; accepted: exactly one of them');
    }
    if (!props.rotationFunction && !props.hostedRotation) {
      check.report('rotationFunction/hostedRotation', 'neither', `is given; accepted: exactly one of them${kind.hasHostedRotation ? '' : ` (a ${kind.tagValue} secret needs rotationFunction: AWS hosts no rotation for it)`}`);
    }
    if (props.hostedRotation && !kind.hasHostedRotation) {
      check.report('hostedRotation', kind.tagValue, 'is not a kind AWS hosts rotation for; accepted: SecretKind.DATABASE, or pass rotationFunction');
    }
    check.throwIfAny();
    this.kind = kind;
    this.rotationPeriod = period;

    this.secret = new secretsmanager.Secret(this, 'Resource', {
      secretName: props.secretName,
      description: props.description ?? `${kind.tagValue} secret, rotated every ${period.toDays()} days (DB-05)`,
      encryptionKey: props.encryptionKey,
      generateSecretString: props.generateSecretString,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(this.secret).add(SECRET_KIND_TAG, kind.tagValue);
    this.secret.addRotationSchedule('Rotation', {
      rotationLambda: props.rotationFunction,
      hostedRotation: props.hostedRotation,
      automaticallyAfter: period,
    });
  }
}
