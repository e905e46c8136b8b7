import { Duration } from 'aws-cdk-lib';

/** Options of a blue/green deployment (ECS-04). */
export interface BlueGreenDeploymentOptions {
  /**
   * How long the green task set serves all traffic, watched by the deployment alarms, before the
   * blue task set is terminated (the seed's "5 minutes of stability monitoring").
   * @default Duration.minutes(5)
   */
  readonly bakeTime?: Duration;
}

/**
 * How a tenant service rolls out a new task definition (ECS-03, ECS-04).
 */
export class TenantDeployment {
  /**
   * ECS rolling update (ECS-03): up to 200 % tasks, never below 100 % healthy, deployment circuit
   * breaker with rollback, and deployment alarms that roll back.
   */
  public static rolling(): TenantDeployment {
    return new TenantDeployment(undefined);
  }

  /**
   * CodeDeploy blue/green (ECS-04): the new task set starts beside the old one behind a second
   * target group, traffic switches at once after `/health` passes, the deployment alarms watch it
   * for `bakeTime`, then the old task set is removed. An alarm during the bake rolls back.
   */
  public static blueGreen(options: BlueGreenDeploymentOptions = {}): TenantDeployment {
    return new TenantDeployment(options);
  }

  private constructor(
    /** Blue/green options, or undefined for a rolling deployment. */
    public readonly blueGreenOptions: BlueGreenDeploymentOptions | undefined,
  ) {}

  /** Whether this is a blue/green deployment. */
  public get isBlueGreen(): boolean {
    return this.blueGreenOptions !== undefined;
  }
}
