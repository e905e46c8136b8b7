import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * Secrets Manager's `GetSecretValue` (AWS JSON 1.1 protocol) on 127.0.0.1, so the provider's real
 * AWS SDK call can be tested offline. Unknown secrets answer `ResourceNotFoundException`.
 */
export class SecretsManagerStub {
  /** Starts the stub with `secrets` (id -> secret string). */
  public static async start(secrets: Record<string, string>): Promise<SecretsManagerStub> {
    const stub = new SecretsManagerStub(secrets);
    await new Promise<void>(resolve => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  /** The secret ids asked for, in order. */
  public readonly asked: string[] = [];
  private readonly server: http.Server;

  private constructor(private readonly secrets: Record<string, string>) {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', chunk => { raw += chunk; });
      req.on('end', () => {
        const target = String(req.headers['x-amz-target']);
        const { SecretId } = JSON.parse(raw || '{}');
        this.asked.push(SecretId);
        const value = this.secrets[SecretId];
        const [status, body] = target !== 'secretsmanager.GetSecretValue'
          ? [400, { __type: 'UnknownOperationException' }]
          : value === undefined
            ? [400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }]
            : [200, { ARN: SecretId, Name: 'datadog', SecretString: value, VersionId: 'v1' }];
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      });
    });
  }

  /** Endpoint URL for the SDK client. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops the stub. */
  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}
