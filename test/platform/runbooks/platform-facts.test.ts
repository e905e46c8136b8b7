import { App } from 'aws-cdk-lib';
import { PlatformEnvironment } from '../../../src';
import { platformFacts } from '../../../src/platform/runbooks/platform-facts';
import { platformFixture } from '../../support/runbook-fixtures';

test('a platform runbook context with two problems reports both at once', () => {
  const shared = platformFixture(new App());
  expect(() => platformFacts(shared.stack, { environment: 'prod' as PlatformEnvironment, cluster: shared.cluster, loadBalancers: [] }))
    .toThrow(/^2 problems:\n- PlatformRunbookContext.loadBalancers \[\] must name at least one load balancer\n- PlatformRunbookContext.environment "prod" must be one of /);
});
