/**
 * What operators run (deploy/) is checked without a container engine or a cluster:
 * - every YAML file parses;
 * - compose files: the Compose Specification JSON schema (vendored, tests/deploy/schemas) plus structural checks,
 *   and `docker compose config -q` where the compose plugin is installed;
 * - Kubernetes manifests: kubernetes-models' validators (from the Kubernetes OpenAPI schema) plus cross-checks
 *   (selectors, ports, probes, references, horizontal scaling of the gateway);
 * - every DJNET_* name is one shared/src/config/environment.ts reads, and every node/gateway environment passes the
 *   project's own config validation;
 * - the systemd unit (and `systemd-analyze verify` where available), the Dockerfile, the guide.
 * Each check is also fed a broken input to show it reports it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  checkComposeStructure,
  checkDockerfile,
  checkInterpolationExample,
  checkKubernetesManifests,
  checkUnit,
  clone,
  composeSchemaValidator,
  configProblems,
  DEPLOY_DIR,
  knownConfigVariables,
  listFiles,
  parseEnvFile,
  parseUnit,
  parseYaml,
  PLACEHOLDER_TOKEN,
  rel,
  REPO_ROOT,
  unknownVariables,
  validateKubernetesModel,
  type ComposeContext,
  type Manifest,
} from './deployChecks';

const known = knownConfigVariables();
const COMPOSE_DIR = join(DEPLOY_DIR, 'compose');
const K8S_DIR = join(DEPLOY_DIR, 'k8s');
const SYSTEMD_DIR = join(DEPLOY_DIR, 'systemd');
const composeFiles = listFiles(COMPOSE_DIR, (p) => /\.ya?ml$/.test(p));
const k8sFiles = listFiles(K8S_DIR, (p) => /\.ya?ml$/.test(p) && basename(p) !== 'kustomization.yaml');

function runs(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0;
}
const composePlugin = runs('docker', ['compose', 'version']);
const systemdAnalyze = runs('systemd-analyze', ['--version']);

function composeContext(file: string): ComposeContext {
  const example = join(dirname(file), basename(file).replace(/\.ya?ml$/, '.env.example'));
  return { file: rel(file), baseDir: dirname(file), known, vars: existsSync(example) ? parseEnvFile(readFileSync(example, 'utf8')) : {} };
}

const loadManifests = (): Manifest[] =>
  k8sFiles.flatMap((file) =>
    parseYaml(readFileSync(file, 'utf8'), rel(file)).map((doc) => ({ file: rel(file), doc: doc as Record<string, unknown> })),
  );

describe('deploy/: every YAML file', () => {
  const files = listFiles(DEPLOY_DIR, (p) => /\.ya?ml$/.test(p));

  it('there are compose files, Kubernetes manifests and they all parse', () => {
    expect(composeFiles.map((f) => basename(f)).sort()).toEqual(['city.yml', 'county.yml']);
    expect(k8sFiles.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(() => parseYaml(readFileSync(file, 'utf8'), rel(file))).not.toThrow();
  });

  it('reports a YAML syntax error and a duplicate key', () => {
    expect(() => parseYaml('services:\n  a: [unclosed\n', 'broken.yml')).toThrow(/broken\.yml/);
    expect(() => parseYaml('a: 1\na: 2\n', 'dup.yml')).toThrow(/dup\.yml/);
  });
});

describe('configuration variables', () => {
  it('are read from shared/src/config/environment.ts', () => {
    for (const name of [
      'DJNET_CODE',
      'DJNET_CITY_URL',
      'DJNET_REGISTRATION_TOKEN',
      'DJNET_GATEWAY_NOTIFY_URLS',
      'DJNET_GATEWAY_PORT',
      'MONGODB_URI',
    ]) {
      expect(known).toContain(name);
    }
  });

  it('an unknown DJNET_* name is reported; other names are not the config’s business', () => {
    expect(unknownVariables(['DJNET_CODE', 'DJNET_COED', 'TZ'], known, 'x')).toEqual([expect.stringContaining('DJNET_COED')]);
  });

  it('the project’s own validation rejects a bad value', () => {
    const env = { DJNET_CODE: 'xingbin', DJNET_NAME: '兴宾区党建网', DJNET_TIER: 'county', DJNET_PARENT: 'laibin', DJNET_PORT: '4101' };
    expect(
      configProblems('node', { ...env, DJNET_CITY_URL: 'https://laibin.example.cn', DJNET_REGISTRATION_TOKEN: PLACEHOLDER_TOKEN }, 'x'),
    ).toEqual([]);
    expect(configProblems('node', { ...env, DJNET_CITY_URL: 'laibin', DJNET_REGISTRATION_TOKEN: PLACEHOLDER_TOKEN }, 'x')).toHaveLength(1);
    expect(configProblems('gateway', { DJNET_GATEWAY_PORT: '4000' }, 'x')).toHaveLength(1);
  });
});

describe('compose files (deploy/compose)', () => {
  const validateSchema = composeSchemaValidator();

  it.each(composeFiles.map((f) => [rel(f), f]))('%s follows the Compose specification schema', (_name, file) => {
    const [doc] = parseYaml(readFileSync(file, 'utf8'), rel(file));
    expect(validateSchema(doc)).toEqual([]);
  });

  it.each(composeFiles.map((f) => [rel(f), f]))('%s: services, references, environment and config', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const ctx = composeContext(file);
    const [doc] = parseYaml(text, ctx.file);
    expect(checkComposeStructure(doc, ctx)).toEqual([]);
    expect(checkInterpolationExample(text, ctx.vars, ctx.file)).toEqual([]);
    const services = Object.keys((doc as { services: Record<string, unknown> }).services);
    expect(services).toEqual(expect.arrayContaining(['mongo', 'backup']));
  });

  it('city.yml runs the city node and the gateway; county.yml a county and its townships', () => {
    const env = (file: string) =>
      Object.values(
        (
          parseYaml(readFileSync(join(COMPOSE_DIR, file), 'utf8'), file)[0] as {
            services: Record<string, { environment?: Record<string, string> }>;
          }
        ).services,
      )
        .map((s) => s.environment ?? {})
        .filter((e) => e.DJNET_TIER);
    expect(env('city.yml').map((e) => e.DJNET_TIER)).toEqual(['city']);
    expect(
      env('county.yml')
        .map((e) => e.DJNET_TIER)
        .sort(),
    ).toEqual(['county', 'township', 'township']);
  });

  it('the schema and the structural checks report a broken compose file', () => {
    const file = join(COMPOSE_DIR, 'county.yml');
    const ctx = composeContext(file);
    const doc = parseYaml(readFileSync(file, 'utf8'), ctx.file)[0] as { services: Record<string, Record<string, unknown>> };
    const broken = clone(doc);
    const county = broken.services.xingbin!;
    county.restrat = 'always';
    expect(validateSchema(broken).join('\n')).toMatch(/restrat/);
    delete county.restrat;
    delete county.restart;
    (county.environment as Record<string, string>).DJNET_REGISTRATION_TOKEN = 'pasted-into-the-compose-file';
    (county.environment as Record<string, string>).DJNET_HEARTBEAT_SECS = '30';
    (county.environment as Record<string, string>).DJNET_TIER = 'province';
    county.depends_on = { mongodb: { condition: 'service_healthy' } };
    broken.services['xingbin-fenghuang']!.ports = ['4199:4199'];
    broken.services['xingbin-liangtang']!.environment = {
      ...(broken.services['xingbin-liangtang']!.environment as object),
      MONGODB_URI: 'mongodb://mongo:27017',
    };
    const problems = checkComposeStructure(broken, ctx).join('\n');
    expect(problems).toMatch(/xingbin: restart policy missing/);
    expect(problems).toMatch(/xingbin: DJNET_REGISTRATION_TOKEN written into the compose file/);
    expect(problems).toMatch(/unknown variable DJNET_HEARTBEAT_SECS/);
    expect(problems).toMatch(/xingbin: node config rejected/);
    expect(problems).toMatch(/depends on unknown service mongodb/);
    expect(problems).toMatch(/xingbin-fenghuang: publishes 4199 but listens on DJNET_PORT 4111/);
    expect(problems).toMatch(/xingbin-liangtang: MONGODB_URI .* names no replicaSet/);
    expect(checkInterpolationExample('image: ${IMAGE_NOT_IN_EXAMPLE}', ctx.vars, 'x.yml')).toHaveLength(1);
  });

  describe('docker compose config', () => {
    const maybe = composePlugin ? it : it.skip;
    if (!composePlugin) it('is skipped: the docker compose plugin is not installed here', () => undefined);

    /** The compose folder as an operator has it after copying the examples (and a token into each env file). */
    function operatorCopy(): string {
      const dir = mkdtempSync(join(tmpdir(), 'djnet-compose-'));
      cpSync(COMPOSE_DIR, dir, { recursive: true });
      for (const example of listFiles(dir, (p) => p.endsWith('.env.example'))) {
        const text = readFileSync(example, 'utf8').replace(/^DJNET_REGISTRATION_TOKEN=$/m, `DJNET_REGISTRATION_TOKEN=${PLACEHOLDER_TOKEN}`);
        writeFileSync(example.replace(/\.example$/, ''), text);
      }
      return dir;
    }
    const config = (dir: string, file: string) =>
      spawnSync('docker', ['compose', '--env-file', join(dir, file.replace(/\.yml$/, '.env')), '-f', join(dir, file), 'config', '-q'], {
        encoding: 'utf8',
        timeout: 30_000,
      });

    maybe.each(composeFiles.map((f) => basename(f)))('%s passes `docker compose config -q`', (file) => {
      const dir = operatorCopy();
      try {
        const r = config(dir, file);
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    maybe('`docker compose config -q` rejects a broken file and a missing required variable', () => {
      const dir = operatorCopy();
      try {
        writeFileSync(
          join(dir, 'county.yml'),
          readFileSync(join(dir, 'county.yml'), 'utf8').replace('restart: unless-stopped', 'restrat: unless-stopped'),
        );
        expect(config(dir, 'county.yml').status).not.toBe(0);
        writeFileSync(join(dir, 'city.env'), readFileSync(join(dir, 'city.env'), 'utf8').replace(/^CITY_PUBLIC_URL=.*$/m, ''));
        expect(config(dir, 'city.yml').stderr).toMatch(/CITY_PUBLIC_URL/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('Kubernetes manifests (deploy/k8s)', () => {
  const manifests = loadManifests();
  const kinds = manifests.map((m) => m.doc.kind);

  it('cover the city: namespace, config, secret, node, gateway (+ autoscaler, disruption budget), ingress, MongoDB, backups', () => {
    for (const kind of [
      'Namespace',
      'ConfigMap',
      'Secret',
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'Ingress',
      'StatefulSet',
      'CronJob',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it.each(manifests.map((m) => [`${m.file} ${String(m.doc.kind)}/${String((m.doc.metadata as { name?: string })?.name)}`, m]))(
    '%s validates against the Kubernetes schema (kubernetes-models)',
    (_name, m) => {
      expect(validateKubernetesModel(m.doc)).toEqual([]);
    },
  );

  it('selectors, ports, probes, references, security and variables hold together', () => {
    expect(checkKubernetesManifests(manifests, known)).toEqual([]);
  });

  it('kustomization.yaml lists every manifest except the Secret template', () => {
    const kustomization = parseYaml(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8'), 'kustomization.yaml')[0] as {
      resources: string[];
    };
    for (const resource of kustomization.resources) expect(existsSync(join(K8S_DIR, resource))).toBe(true);
    const expected = k8sFiles.map((f) => basename(f)).filter((f) => !f.includes('.template.'));
    expect([...kustomization.resources].sort()).toEqual(expected.sort());
  });

  it('reports a broken manifest', () => {
    const broken = clone(manifests);
    const get = (kind: string, name: string) =>
      broken.find((m) => m.doc.kind === kind && (m.doc.metadata as { name: string }).name === name)!.doc as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const gateway = get('Deployment', 'djnet-gateway');
    gateway.spec.replicas = 'three';
    expect(validateKubernetesModel(gateway).join('\n')).toMatch(/replicas must be integer/);
    gateway.spec.replicas = 1;
    gateway.spec.selector.matchLabels['app.kubernetes.io/name'] = 'djnet-gw';
    const city = get('Deployment', 'djnet-city');
    city.spec.template.spec.containers[0].readinessProbe.httpGet.path = '/health';
    city.spec.template.spec.containers[0].resources = {};
    get('Service', 'djnet-city').spec.ports[0].targetPort = 'web';
    get('ConfigMap', 'djnet-city').data.DJNET_PUBLIC_ADDRESS = 'https://laibin.example.cn';
    get('ConfigMap', 'djnet-gateway').data.DJNET_CITY_URL = 'http://djnet-city.djnet.svc:8080';
    get('Ingress', 'djnet').spec.rules[1].http.paths[0].backend.service.name = 'djnet-api';
    get('Secret', 'djnet-mongodb').stringData.MONGODB_URI = 'mongodb://djnet-mongo-3.djnet-mongo.djnet.svc:27017/?replicaSet=rs0';
    const problems = checkKubernetesManifests(broken, known).join('\n');
    expect(problems).toMatch(/Deployment\/djnet-gateway: spec.selector.matchLabels do not match/);
    expect(problems).toMatch(/Deployment\/djnet-gateway: the gateway should run at least 2 replicas/);
    expect(problems).toMatch(/djnet-city container node: readinessProbe should be an httpGet of \/readyz/);
    expect(problems).toMatch(/djnet-city container node: no resources.limits.memory/);
    expect(problems).toMatch(/Service\/djnet-city: targetPort web is not a port/);
    expect(problems).toMatch(/unknown variable DJNET_PUBLIC_ADDRESS/);
    expect(problems).toMatch(/DJNET_CITY_URL http:\/\/djnet-city.djnet.svc:8080 uses a port Service djnet-city does not have/);
    expect(problems).toMatch(/backend Service djnet-api is not defined/);
    expect(problems).toMatch(/MONGODB_URI host djnet-mongo-3.djnet-mongo.djnet.svc:27017 is not a member/);
    expect(validateKubernetesModel({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual([
      'apps/v1 Deploymnet is not a known Kubernetes resource',
    ]);
  });
});

describe('systemd unit (deploy/systemd)', () => {
  const unitPath = join(SYSTEMD_DIR, 'djnet-node.service');
  const unitText = readFileSync(unitPath, 'utf8');

  it('parses as a unit file with the required keys and hardening', () => {
    expect(checkUnit(parseUnit(unitText))).toEqual([]);
  });

  it('its env file example names only known variables and gives a valid township config', () => {
    const env = parseEnvFile(readFileSync(join(SYSTEMD_DIR, 'djnet-node.env.example'), 'utf8'));
    expect(unknownVariables(Object.keys(env), known, 'djnet-node.env.example')).toEqual([]);
    expect(env.DJNET_TIER).toBe('township');
    expect(configProblems('node', { ...env, DJNET_REGISTRATION_TOKEN: env.DJNET_REGISTRATION_TOKEN || PLACEHOLDER_TOKEN }, 'env')).toEqual(
      [],
    );
  });

  it('reports a unit without ExecStart, with Restart=always and an unknown section', () => {
    const broken = unitText.replace(/^ExecStart=.*$/m, '').replace('Restart=on-failure', 'Restart=always') + '\n[Servcie]\nUser=root\n';
    const problems = checkUnit(parseUnit(broken)).join('\n');
    expect(problems).toMatch(/\[Service\] ExecStart is missing/);
    expect(problems).toMatch(/Restart=always/);
    expect(problems).toMatch(/unknown section \[Servcie\]/);
    expect(() => parseUnit('NoSection=1\n')).toThrow(/line 1/);
  });

  describe('systemd-analyze verify', () => {
    if (!systemdAnalyze) it('is skipped: systemd-analyze is not installed here', () => undefined);
    const maybe = systemdAnalyze ? it : it.skip;

    const verify = (text: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'djnet-unit-'));
      try {
        // The unit names /usr/bin/node; verify checks that the binary exists, so point it at this machine's node.
        const path = join(dir, 'djnet-node.service');
        writeFileSync(path, existsSync('/usr/bin/node') ? text : text.replace('/usr/bin/node', process.execPath));
        const r = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8', timeout: 30_000 });
        const ours = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes(path) || l.includes('djnet-node.service'));
        return { status: r.status, ours };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    maybe('accepts djnet-node.service without a warning', () => {
      expect(verify(unitText)).toEqual({ status: 0, ours: [] });
    });

    maybe('warns about a misspelt key', () => {
      expect(verify(unitText.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes')).ours.join('\n')).toMatch(/NoNewPrivilege/);
    });
  });
});

describe('Dockerfile (deploy/Dockerfile)', () => {
  const text = readFileSync(join(DEPLOY_DIR, 'Dockerfile'), 'utf8');

  it('is multi-stage on node:20-slim, builds and prunes, runs as non-root with a HEALTHCHECK on /healthz', () => {
    expect(checkDockerfile(text, REPO_ROOT)).toEqual([]);
  });

  it('has its ignore list beside it, leaving out dependencies, builds and local data', () => {
    const ignore = readFileSync(join(DEPLOY_DIR, 'Dockerfile.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', 'data', '.tools', '.git']) expect(ignore).toContain(entry);
  });

  it('reports a Dockerfile that runs as root or has no HEALTHCHECK', () => {
    expect(checkDockerfile(text.replace(/^USER node$/m, ''), REPO_ROOT)).toEqual(['the final stage has no USER (runs as root)']);
    expect(checkDockerfile(text.replace(/^USER node$/m, 'USER root'), REPO_ROOT)).toEqual(['the final stage runs as root']);
    const noHealth = text.replace(/^HEALTHCHECK .*$/m, '');
    expect(checkDockerfile(noHealth, REPO_ROOT)).toEqual(['the final stage has no HEALTHCHECK']);
    expect(checkDockerfile('FROM node:22\nCMD ["node"]\n', REPO_ROOT).length).toBeGreaterThanOrEqual(4);
  });
});

describe('the guide (deploy/README.md)', () => {
  const guide = readFileSync(join(DEPLOY_DIR, 'README.md'), 'utf8');

  it('points at the one configuration table instead of repeating it, and names only known variables', () => {
    expect(guide).toMatch(/\.\.\/README\.md#configuration/);
    expect(guide).not.toMatch(/^\|\s*`DJNET_/m);
    expect(unknownVariables(new Set(guide.match(/\bDJNET_[A-Z0-9_]+\b/g) ?? []), known, 'deploy/README.md')).toEqual([]);
  });

  it('covers the build context, readiness, backup and restore, and the supergraph for Apollo Router', () => {
    for (const needle of [
      '-f deploy/Dockerfile',
      '/readyz',
      'mongodump',
      'mongorestore',
      '/supergraph.graphql',
      'djnet token issue',
      'systemctl enable',
    ]) {
      expect(guide).toContain(needle);
    }
  });

  it('links only to files that exist', () => {
    for (const [, target] of guide.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)) {
      if (/^https?:/.test(target!)) continue;
      expect([target, existsSync(join(DEPLOY_DIR, target!))]).toEqual([target, true]);
    }
  });
});
