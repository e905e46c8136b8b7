import yaml, json, sys
spec = yaml.safe_load(open('/tmp/ddspec/v1.yaml'))
ops = {}
want = [('post','/api/v1/monitor'),('put','/api/v1/monitor/{monitor_id}'),('post','/api/v1/monitor/validate'),
        ('post','/api/v1/slo'),('put','/api/v1/slo/{slo_id}'),
        ('post','/api/v1/synthetics/tests/api'),('put','/api/v1/synthetics/tests/api/{public_id}'),('post','/api/v1/synthetics/tests/delete'),
        ('post','/api/v1/dashboard'),('put','/api/v1/dashboard/{dashboard_id}')]
for m,p in want:
    op = spec['paths'][p][m]
    ref = op['requestBody']['content']['application/json']['schema']['$ref']
    ops[f'{m.upper()} {p}'] = ref.split('/')[-1]
schemas = spec['components']['schemas']
keep = {}
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == '$ref':
                name = x.split('/')[-1]
                if name not in keep:
                    keep[name] = None; keep[name] = strip(schemas[name]); walk(schemas[name])
            else: walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
DROP = {'description','example','x-enum-varnames','x-enum-descriptions','deprecated','x-generate-alias-as-model','writeOnly','x-merge-override','x-given','x-menu-order','x-undo','externalDocs','title'}
def strip(v):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k in DROP: continue
            if k == 'properties': out[k] = {pk: strip(pv) for pk, pv in x.items()}
            else: out[k] = strip(x)
        return out
    if isinstance(v, list): return [strip(x) for x in v]
    return v
for name in set(ops.values()):
    keep[name] = strip(schemas[name]); walk(schemas[name])
ro = {}
# record readOnly properties so the validator can reject them in requests
def ro_walk(name, s):
    props = s.get('properties', {})
    r = [k for k, v in props.items() if isinstance(v, dict) and v.get('readOnly')]
    if r: ro[name] = r
for name in keep: ro_walk(name, schemas[name])
out = {'source': 'DataDog/datadog-api-client-typescript .generator/schemas/v1/openapi.yaml', 'operations': ops, 'schemas': dict(sorted(keep.items()))}
with open(sys.argv[1], 'w') as f:
    f.write('{"source": ' + json.dumps(out['source']) + ',\n"operations": ' + json.dumps(ops, indent=1) + ',\n"schemas": {\n' + ',\n'.join(json.dumps(k) + ': ' + json.dumps(v, sort_keys=True) for k, v in out['schemas'].items()) + '\n}}\n')
print(len(keep), 'schemas')
