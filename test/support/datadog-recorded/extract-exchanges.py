import json, subprocess, sys
from urllib.parse import urlparse
CASSETTES = {
  'Create a metric monitor returns OK': 'cassettes/v1/Monitors_4022238206/Create-a-metric-monitor-returns-OK-response_281519646',
  'Edit a monitor returns OK': 'cassettes/v1/Monitors_4022238206/Edit-a-monitor-returns-OK-response_829971522',
  'Update an SLO returns OK': 'cassettes/v1/Service-Level-Objectives_139838558/Update-an-SLO-returns-OK-response_1448646901',
  'Edit an API test returns OK': 'cassettes/v1/Synthetics_2658572017/Edit-an-API-test-returns-OK-response_20146602',
  'Update a downtime returns OK (v2)': 'cassettes/v2/Downtimes_1733580485/Update-a-downtime-returns-OK-response_4149555874',
  'Create a new dashboard returns OK': 'cassettes/v1/Dashboards_1335235736/Create-a-new-dashboard-returns-OK-response_4257835906',
}
out = {}
for name, path in CASSETTES.items():
    har = json.loads(subprocess.check_output(['git', 'show', f'HEAD:{path}/recording.har']))
    exchanges = []
    for e in har['log']['entries']:
        r, s = e['request'], e['response']
        if r['method'] not in ('POST', 'PUT', 'PATCH'): continue
        if r['url'].endswith('/synthetics/tests/delete'): continue
        body = json.loads(s['content']['text'])
        if isinstance(body, dict): body.pop('included', None)
        exchanges.append({'method': r['method'], 'path': urlparse(r['url']).path,
                          'request': json.loads(r['postData']['text']), 'status': s['status'], 'response': body})
    out[name] = {'cassette': path, 'exchanges': exchanges}
commit = subprocess.check_output(['git', 'rev-parse', 'HEAD']).decode().strip()
json.dump({'source': f'DataDog/datadog-api-client-typescript@{commit} cassettes/*/recording.har (Apache-2.0)', 'exchanges': out}, open(sys.argv[1], 'w'), indent=1)
