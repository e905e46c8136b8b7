import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PlatformEnvironment, SecureServerlessApi, SecureServerlessApiProps, ServerlessAlerting, ServerlessApiType } from '../../../src';

const CODE = lambda.Code.fromInline('def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n');

function api(props: Partial<SecureServerlessApiProps>, vpc?: (stack: Stack) => ec2.IVpc): Stack {
  const stack = new Stack(new App(), 'App', { env: { account: '123456789012', region: 'ap-northeast-1' } });
  const alerting = new ServerlessAlerting(stack, 'Alerting', {
    environment: PlatformEnvironment.PRODUCTION, notifications: { criticalEmails: ['oncall@example.com'] },
  });
  new SecureServerlessApi(stack, 'Api', { alerting, code: CODE, handler: 'index.handler', vpc: vpc?.(stack), ...props });
  return stack;
}

/** A VPC of public subnets only: nowhere private for the function to run. */
function publicOnly(stack: Stack): ec2.IVpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
}

describe('SecureServerlessApi validation', () => {
  test('every bad prop is named in one error, thrown before any resource is built', () => {
    const stack = new Stack(new App(), 'App', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    const alerting = new ServerlessAlerting(stack, 'Alerting', {
      environment: PlatformEnvironment.PRODUCTION, notifications: { criticalEmails: ['oncall@example.com'] },
    });
    expect(() => new SecureServerlessApi(stack, 'Api', {
      alerting,
      code: CODE,
      handler: 'index.handler',
      vpc: publicOnly(stack),
      apiType: ServerlessApiType.HTTP,
      wafRateLimit: 50,
      logRetention: 1,
      corsAllowOrigins: ['https://ok.example.com', 'ftp://x'],
    })).toThrow(new RegExp([
      '^App/Api: 5 problems:',
      '- webAcl "\\(default true\\)" cannot be true with apiType HTTP: .*',
      '- wafRateLimit 50 must be an integer from 100 to 2000000000 \\(requests per 5 minutes\\)',
      '- logRetention 1 days is below the 30-day floor of production \\(LOG-01\\)',
      '- corsAllowOrigins\\[1\\] "ftp://x" must be an https:// origin without a path \\(http://localhost only in DEVELOPMENT\\)',
      '- vpc "App/Vpc" has no private subnets: the function must run in private subnets \\(SRV-01, NET-01\\)$',
    ].join('\n')));
    expect(stack.node.findChild('Api').node.children).toEqual([]);
  });

  test('a VPC without private subnets is refused at synth, naming the VPC', () => {
    expect(() => api({}, publicOnly)).toThrow('App/Api: vpc "App/Vpc" has no private subnets: the function must run in private subnets (SRV-01, NET-01)');
  });

  test('the first problem does not stop the others: a threshold and a reserved variable are reported together', () => {
    expect(() => api({ environment: { APP_SECRET_ARN: 'x' }, alarmThresholds: { errorRatePercent: 150 } }))
      .toThrow(/2 problems:\n- environment.APP_SECRET_ARN "APP_SECRET_ARN" is reserved: .*\n- alarmThresholds.errorRatePercent 150 must be a percentage from 0 to 100$/);
  });
});
