const API_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~-]+)*\/?$/;

/**
 * The Datadog site (region) an organisation lives in, which decides the API endpoint.
 * @see https://docs.datadoghq.com/getting_started/site/
 */
export class DatadogSite {
  /** US1, `datadoghq.com` (the default). */
  public static readonly US1 = new DatadogSite('datadoghq.com', 'https://api.datadoghq.com');
  /** US3, `us3.datadoghq.com`. */
  public static readonly US3 = new DatadogSite('us3.datadoghq.com', 'https://api.us3.datadoghq.com');
  /** US5, `us5.datadoghq.com`. */
  public static readonly US5 = new DatadogSite('us5.datadoghq.com', 'https://api.us5.datadoghq.com');
  /** EU1, `datadoghq.eu`. */
  public static readonly EU1 = new DatadogSite('datadoghq.eu', 'https://api.datadoghq.eu');
  /** AP1 (Japan), `ap1.datadoghq.com`. */
  public static readonly AP1 = new DatadogSite('ap1.datadoghq.com', 'https://api.ap1.datadoghq.com');
  /** AP2 (Australia), `ap2.datadoghq.com`. */
  public static readonly AP2 = new DatadogSite('ap2.datadoghq.com', 'https://api.ap2.datadoghq.com');
  /** US1-FED, `ddog-gov.com`. */
  public static readonly US1_FED = new DatadogSite('ddog-gov.com', 'https://api.ddog-gov.com');

  /** A site by its host name, e.g. `us3.datadoghq.com`; the API is `https://api.<site>`. */
  public static of(site: string): DatadogSite {
    if (!/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(site)) {
      throw new Error(`Datadog site "${site}" must be a host name such as datadoghq.com, us3.datadoghq.com or datadoghq.eu`);
    }
    return new DatadogSite(site, `https://api.${site}`);
  }

  /** A full API base URL, e.g. an egress proxy in front of Datadog: `https://datadog-proxy.internal`. */
  public static fromApiUrl(apiUrl: string): DatadogSite {
    // Runbooks and the CLI put the URL into shell commands: host, port and a plain path only.
    if (!API_URL.test(apiUrl)) {
      throw new Error(`Datadog API URL "${apiUrl}" must match ${API_URL} (an absolute http(s) URL of a host, optional port and plain path, ` +
        'without query, quotes, spaces or shell syntax, such as https://api.datadoghq.com)');
    }
    return new DatadogSite(new URL(apiUrl).host, apiUrl.replace(/\/+$/, ''));
  }

  private constructor(
    /** The site's host name. */
    public readonly name: string,
    /** The base URL of the site's API. */
    public readonly apiUrl: string,
  ) {}
}
