/**
 * Checks of what operators run (deploy/): compose files, Kubernetes manifests, the systemd unit, the Dockerfile.
 * Each check returns a list of problems (empty = fine) so that tests can feed it broken input and see it fail.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import Ajv2019 from 'ajv/dist/2019';
import { gatewayConfigFromEnvironment, nodeConfigFromEnvironment } from '@djnet/shared';

export const REPO_ROOT = join(__dirname, '..', '..');
export const DEPLOY_DIR = join(REPO_ROOT, 'deploy');

type Json = Record<string, unknown>;
export type Env = Record<string, string>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObject = (v: unknown): Json => (isObject(v) ? v : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const clone = <T>(v: T): T => structuredClone(v);
export { clone };

// ---------------------------------------------------------------------------------------------- files, YAML

export function listFiles(dir: string, accept: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, accept));
    else if (accept(path)) out.push(path);
  }
  return out;
}

export const rel = (path: string): string => relative(REPO_ROOT, path);

/** Every document of a YAML stream, with YAML 1.1 merge keys (`<<: *anchor`) resolved as Compose does. */
export function parseYaml(text: string, source: string): unknown[] {
  const docs = parseAllDocuments(text, { merge: true, uniqueKeys: true, prettyErrors: true });
  if (!Array.isArray(docs)) return [];
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** KEY=VALUE lines of an env file (comments and blank lines skipped; values taken literally). */
export function parseEnvFile(text: string): Env {
  const env: Env = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.trim();
  }
  return env;
}

// ---------------------------------------------------------------------------------------------- variables

/** Every variable the project reads: the names in shared/src/config/environment.ts, the one place reading env. */
export function knownConfigVariables(): Set<string> {
  const source = readFileSync(join(REPO_ROOT, 'shared', 'src', 'config', 'environment.ts'), 'utf8');
  return new Set(source.match(/\b(?:DJNET_[A-Z0-9_]+|MONGODB_URI)\b/g) ?? []);
}

export function unknownVariables(names: Iterable<string>, known: Set<string>, where: string): string[] {
  const problems: string[] = [];
  for (const name of names) {
    if (name.startsWith('DJNET_') && !known.has(name))
      problems.push(`${where}: unknown variable ${name} (not read by shared/src/config/environment.ts)`);
  }
  return problems;
}

/** A registration token shaped like a real one, for feeding examples (which leave it empty) to the config parser. */
export const PLACEHOLDER_TOKEN = 'placeholder-registration-token-0123456789';

/** Runs the project's own config validation over the environment a process would get. */
export function configProblems(role: 'node' | 'gateway', env: Env, where: string): string[] {
  try {
    if (role === 'node') nodeConfigFromEnvironment(env);
    else gatewayConfigFromEnvironment(env);
    return [];
  } catch (e) {
    return [`${where}: ${role} config rejected: ${(e as Error).message.replace(/\s+/g, ' ')}`];
  }
}

const NODE_ENTRY = 'services/dist/main.js';
const GATEWAY_ENTRY = 'gateway/dist/main.js';

function roleOfCommand(command: unknown): 'node' | 'gateway' {
  const text = Array.isArray(command) ? command.join(' ') : (asString(command) ?? '');
  return text.includes(GATEWAY_ENTRY) ? 'gateway' : 'node';
}

// ---------------------------------------------------------------------------------------------- Compose

export function composeSchemaValidator(): (doc: unknown) => string[] {
  const schema = JSON.parse(readFileSync(join(__dirname, 'schemas', 'compose-spec.json'), 'utf8')) as Json;
  // The file names its meta-schema by an old URL Ajv does not know, and labels subschemas with draft-04 `id`
  // strings (each equal to its own JSON pointer, so nothing refers to them); Ajv 8 refuses `id`. Drop both.
  delete schema.$schema;
  const dropIds = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(dropIds);
    else if (isObject(node)) {
      if (typeof node.id === 'string') delete node.id;
      Object.values(node).forEach(dropIds);
    }
  };
  dropIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  const validate = ajv.compile(schema);
  return (doc) => {
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
}

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `$$`. */
export function interpolate(value: string, vars: Env, where: string, problems: string[]): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (whole, name?: string, op?: string, arg?: string) => {
    if (whole === '$$') return '$';
    const v = vars[name!];
    const empty = v === undefined || (op?.startsWith(':') && v === '');
    if (!empty) return v!;
    if (op === ':-' || op === '-') return arg ?? '';
    if (op === ':?' || op === '?') problems.push(`${where}: required variable ${name} is not set (${arg})`);
    return '';
  });
}

export function interpolationNames(text: string): { name: string; required: boolean; hasDefault: boolean }[] {
  const out: { name: string; required: boolean; hasDefault: boolean }[] = [];
  for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?/g)) {
    const op = m[2] ?? '';
    out.push({ name: m[1]!, required: op.endsWith('?'), hasDefault: op.endsWith('-') });
  }
  return out;
}

function environmentOf(service: Json): Env {
  const env = service.environment;
  const out: Env = {};
  if (Array.isArray(env)) {
    for (const item of env) {
      const [k, ...v] = String(item).split('=');
      out[k!] = v.join('=');
    }
  } else if (isObject(env)) {
    for (const [k, v] of Object.entries(env)) out[k] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

const envFilesOf = (service: Json): string[] =>
  typeof service.env_file === 'string' ? [service.env_file] : asArray(service.env_file).map((f) => String(f));

function dependsOn(service: Json): Record<string, string> {
  const d = service.depends_on;
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [String(name), 'service_started']));
  return Object.fromEntries(Object.entries(asObject(d)).map(([k, v]) => [k, asString(asObject(v).condition) ?? 'service_started']));
}

function containerPortsOf(service: Json): number[] {
  return asArray(service.ports).map((p) => {
    if (isObject(p)) return Number(p.target);
    const parts = String(p).split('/')[0]!.split(':');
    return Number(parts[parts.length - 1]);
  });
}

function urlParts(url: string): { host: string; port: string } | undefined {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: u.port || (u.protocol === 'https:' ? '443' : '80') };
  } catch {
    return undefined;
  }
}

export interface ComposeContext {
  /** e.g. deploy/compose/county.yml, for messages */
  file: string;
  /** folder relative paths in the file are resolved against */
  baseDir: string;
  known: Set<string>;
  /** values for ${…} interpolation (the file's .env example) */
  vars: Env;
}

/**
 * What the schema cannot say: services restart and are health-checked, references resolve, every node service
 * gets a config the project accepts (checked by the project's own parser), tokens come from env files, URLs and
 * replica set names point at services that exist.
 */
export function checkComposeStructure(doc: unknown, ctx: ComposeContext): string[] {
  const problems: string[] = [];
  const at = (svc: string) => `${ctx.file} service ${svc}`;
  const services = asObject(asObject(doc).services);
  const names = Object.keys(services);
  if (names.length === 0) return [`${ctx.file}: no services`];
  const declaredVolumes = new Set(Object.keys(asObject(asObject(doc).volumes)));
  const healthy = new Set(names.filter((n) => isObject(asObject(services[n]).healthcheck)));
  const djnetImage = (s: Json) => (asString(s.image) ?? '').includes('djnet');
  const gateways = names.filter((n) => djnetImage(asObject(services[n])) && roleOfCommand(asObject(services[n]).command) === 'gateway');

  for (const name of names) {
    const service = asObject(services[name]);
    const env = environmentOf(service);
    if (!['always', 'unless-stopped', 'on-failure'].includes(asString(service.restart) ?? '')) {
      problems.push(`${at(name)}: restart policy missing (always, unless-stopped or on-failure)`);
    }
    const deps = dependsOn(service);
    for (const [dep, condition] of Object.entries(deps)) {
      if (!names.includes(dep)) problems.push(`${at(name)}: depends on unknown service ${dep}`);
      else if (condition === 'service_healthy' && !healthy.has(dep))
        problems.push(`${at(name)}: waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
    }
    // Whatever serves (the djnet image, published ports) or is waited for must say when it is healthy.
    const awaited = names.some((n) => dependsOn(asObject(services[n]))[name] === 'service_healthy');
    if ((djnetImage(service) || asArray(service.ports).length > 0 || awaited) && !healthy.has(name)) {
      problems.push(`${at(name)}: no healthcheck`);
    }
    problems.push(...unknownVariables(Object.keys(env), ctx.known, at(name)));

    for (const volume of asArray(service.volumes)) {
      const source = isObject(volume) ? asString(volume.source) : String(volume).split(':')[0];
      if (!source) continue;
      if (source.startsWith('.') || source.startsWith('/')) {
        if (source.startsWith('.') && !existsSync(join(ctx.baseDir, source)))
          problems.push(`${at(name)}: bind mount source ${source} does not exist`);
      } else if (!declaredVolumes.has(source)) {
        problems.push(`${at(name)}: volume ${source} is not declared under top-level volumes`);
      }
    }

    // The environment the process would see: interpolated values, then its env files' examples.
    const resolved: Env = {};
    for (const [k, v] of Object.entries(env)) resolved[k] = interpolate(v, ctx.vars, at(name), problems);
    for (const file of envFilesOf(service)) {
      const example = join(ctx.baseDir, `${file}.example`);
      if (!existsSync(example)) {
        problems.push(`${at(name)}: env file ${file} has no ${file}.example beside it`);
        continue;
      }
      const fromFile = parseEnvFile(readFileSync(example, 'utf8'));
      problems.push(...unknownVariables(Object.keys(fromFile), ctx.known, `${ctx.file} ${file}.example`));
      for (const [k, v] of Object.entries(fromFile)) if (!(k in resolved)) resolved[k] = v;
    }

    const mongoUri = resolved.MONGODB_URI;
    if (mongoUri !== undefined) {
      const m = /^mongodb:\/\/([^/?]+)\/?\?(?:.*&)?replicaSet=([^&]+)/.exec(mongoUri);
      if (!m) problems.push(`${at(name)}: MONGODB_URI ${mongoUri} names no replicaSet`);
      else {
        for (const hostPort of m[1]!.split(',')) {
          const host = hostPort.split(':')[0]!;
          const target = asObject(services[host]);
          const command = asArray(target.command).map(String);
          const i = command.indexOf('--replSet');
          if (!names.includes(host)) problems.push(`${at(name)}: MONGODB_URI host ${host} is not a service`);
          else if (i < 0 || command[i + 1] !== m[2]) problems.push(`${at(name)}: ${host} does not run mongod --replSet ${m[2]}`);
        }
      }
    }

    if (!djnetImage(service)) continue;
    const role = roleOfCommand(service.command);
    if (role === 'node') {
      for (const required of ['DJNET_CODE', 'DJNET_NAME', 'DJNET_TIER', 'DJNET_PORT', 'DJNET_PUBLIC_URL', 'MONGODB_URI']) {
        if (!(required in env)) problems.push(`${at(name)}: node without ${required}`);
      }
      if (env.DJNET_TIER !== 'city') {
        if ('DJNET_REGISTRATION_TOKEN' in env)
          problems.push(`${at(name)}: DJNET_REGISTRATION_TOKEN written into the compose file; read it from an env file`);
        if (!('DJNET_REGISTRATION_TOKEN' in resolved)) problems.push(`${at(name)}: no env file provides DJNET_REGISTRATION_TOKEN`);
        if (!resolved.DJNET_REGISTRATION_TOKEN) resolved.DJNET_REGISTRATION_TOKEN = PLACEHOLDER_TOKEN;
      }
      const ports = containerPortsOf(service);
      if (ports.length > 0 && !ports.includes(Number(resolved.DJNET_PORT))) {
        problems.push(`${at(name)}: publishes ${ports.join(', ')} but listens on DJNET_PORT ${resolved.DJNET_PORT}`);
      }
      for (const url of (resolved.DJNET_GATEWAY_NOTIFY_URLS ?? '').split(',').filter(Boolean)) {
        const u = urlParts(url);
        const gw = u && asObject(services[u.host]);
        if (!u || !gateways.includes(u.host)) problems.push(`${at(name)}: DJNET_GATEWAY_NOTIFY_URLS ${url} is not a gateway service here`);
        else if (environmentOf(gw!).DJNET_GATEWAY_PORT !== u.port)
          problems.push(`${at(name)}: ${url} is not the port gateway ${u.host} listens on`);
      }
      if (env.DJNET_TIER === 'city' && gateways.length > 0 && !resolved.DJNET_GATEWAY_NOTIFY_URLS) {
        problems.push(`${at(name)}: the city does not notify the gateway (DJNET_GATEWAY_NOTIFY_URLS)`);
      }
    } else {
      for (const required of ['DJNET_GATEWAY_PORT', 'DJNET_CITY_URL'])
        if (!(required in env)) problems.push(`${at(name)}: gateway without ${required}`);
      const u = urlParts(resolved.DJNET_CITY_URL ?? '');
      if (u && names.includes(u.host)) {
        const cityEnv = environmentOf(asObject(services[u.host]));
        if (cityEnv.DJNET_TIER !== 'city') problems.push(`${at(name)}: DJNET_CITY_URL points at ${u.host}, which is not the city node`);
        else if (cityEnv.DJNET_PORT !== u.port)
          problems.push(`${at(name)}: DJNET_CITY_URL port ${u.port} is not the city's DJNET_PORT ${cityEnv.DJNET_PORT}`);
      }
    }
    problems.push(...configProblems(role, resolved, at(name)));
  }
  return problems;
}

/** Every ${VAR} of a compose file is given a value by its example env file, unless it has a default. */
export function checkInterpolationExample(composeText: string, example: Env, file: string): string[] {
  const problems: string[] = [];
  for (const { name, hasDefault } of interpolationNames(composeText)) {
    if (!hasDefault && !example[name]) problems.push(`${file}: \${${name}} has no value in its .env example`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------- Kubernetes

export interface Manifest {
  file: string;
  doc: Json;
}

const kindOf = (m: Manifest) => asString(m.doc.kind) ?? '';
const nameOf = (m: Manifest) => asString(asObject(m.doc.metadata).name) ?? '';
const where = (m: Manifest) => `${m.file} ${kindOf(m)}/${nameOf(m)}`;

/** Schema validation with kubernetes-models (validators generated from the Kubernetes OpenAPI schema). */
export function validateKubernetesModel(doc: Json): string[] {
  const apiVersion = asString(doc.apiVersion);
  const kind = asString(doc.kind);
  if (!apiVersion || !kind) return ['apiVersion and kind are required'];
  let model: new (data: unknown) => { validate(): void };
  try {
    const mod = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, new (data: unknown) => { validate(): void }>;
    model = mod[kind]!;
    if (!model) throw new Error('no model');
  } catch {
    return [`${apiVersion} ${kind} is not a known Kubernetes resource`];
  }
  try {
    new model(doc).validate();
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

interface PodTemplate {
  owner: Manifest;
  labels: Json;
  spec: Json;
}

function podTemplateOf(m: Manifest): PodTemplate | undefined {
  const spec = asObject(m.doc.spec);
  const template =
    kindOf(m) === 'CronJob'
      ? asObject(asObject(asObject(spec.jobTemplate).spec).template)
      : ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(kindOf(m))
        ? asObject(spec.template)
        : undefined;
  if (!template) return undefined;
  return { owner: m, labels: asObject(asObject(template.metadata).labels), spec: asObject(template.spec) };
}

const containersOf = (pod: PodTemplate): Json[] => [...asArray(pod.spec.initContainers), ...asArray(pod.spec.containers)].map(asObject);
const selects = (selector: Json, labels: Json) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
const isDjnetImage = (image: unknown) => /(^|\/)djnet(:|@|$)/.test(asString(image) ?? '');

function portMatches(container: Json, port: unknown): boolean {
  return asArray(container.ports).some((p) => {
    const cp = asObject(p);
    return typeof port === 'number' ? cp.containerPort === port : cp.name === port;
  });
}

/** Cross-document and operational checks the schema cannot express. */
export function checkKubernetesManifests(manifests: Manifest[], known: Set<string>): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => manifests.filter((m) => kindOf(m) === kind);
  const find = (kind: string, name: string) => manifests.find((m) => kindOf(m) === kind && nameOf(m) === name);
  const namespaces = byKind('Namespace').map(nameOf);
  const pods = manifests.map(podTemplateOf).filter((p): p is PodTemplate => p !== undefined);
  const services = byKind('Service');

  for (const m of manifests) {
    const meta = asObject(m.doc.metadata);
    if (!asString(m.doc.apiVersion) || !kindOf(m) || !nameOf(m))
      problems.push(`${m.file}: a document without apiVersion, kind or metadata.name`);
    if (kindOf(m) !== 'Namespace' && namespaces.length > 0 && !namespaces.includes(asString(meta.namespace) ?? '')) {
      problems.push(`${where(m)}: metadata.namespace should be ${namespaces.join(' or ')}`);
    }
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(kindOf(m))) {
      const matchLabels = asObject(asObject(asObject(m.doc.spec).selector).matchLabels);
      if (!selects(matchLabels, podTemplateOf(m)!.labels))
        problems.push(`${where(m)}: spec.selector.matchLabels do not match the pod template's labels`);
    }
    if (kindOf(m) === 'StatefulSet') {
      const svc = find('Service', asString(asObject(m.doc.spec).serviceName) ?? '');
      if (!svc || asObject(svc.doc.spec).clusterIP !== 'None') problems.push(`${where(m)}: serviceName is not a headless Service here`);
    }
    if (kindOf(m) === 'ConfigMap') problems.push(...unknownVariables(Object.keys(asObject(m.doc.data)), known, where(m)));
    if (kindOf(m) === 'Secret')
      problems.push(...unknownVariables(Object.keys({ ...asObject(m.doc.data), ...asObject(m.doc.stringData) }), known, where(m)));
  }

  for (const pod of pods) {
    const at = where(pod.owner);
    const podSecurity = asObject(pod.spec.securityContext);
    if (podSecurity.runAsNonRoot !== true) problems.push(`${at}: pod securityContext.runAsNonRoot is not true`);
    if (asObject(podSecurity.seccompProfile).type !== 'RuntimeDefault') problems.push(`${at}: pod seccompProfile is not RuntimeDefault`);
    const volumes = asArray(pod.spec.volumes).map(asObject);
    for (const v of volumes) {
      const claim = asString(asObject(v.persistentVolumeClaim).claimName);
      if (claim && !find('PersistentVolumeClaim', claim))
        problems.push(`${at}: volume ${String(v.name)} uses PersistentVolumeClaim ${claim}, not defined here`);
    }
    for (const c of containersOf(pod)) {
      const cAt = `${at} container ${String(c.name)}`;
      const resources = asObject(c.resources);
      for (const kind of ['requests', 'limits']) {
        for (const r of ['cpu', 'memory']) if (!asObject(resources[kind])[r]) problems.push(`${cAt}: no resources.${kind}.${r}`);
      }
      const security = asObject(c.securityContext);
      if (security.allowPrivilegeEscalation !== false) problems.push(`${cAt}: allowPrivilegeEscalation is not false`);
      if (!asArray(asObject(security.capabilities).drop).includes('ALL')) problems.push(`${cAt}: capabilities do not drop ALL`);
      for (const mount of asArray(c.volumeMounts).map(asObject)) {
        const volumeNames = [
          ...volumes.map((v) => v.name),
          ...asArray(asObject(pod.owner.doc.spec).volumeClaimTemplates).map((t) => asObject(asObject(t).metadata).name),
        ];
        if (!volumeNames.includes(mount.name)) problems.push(`${cAt}: mounts volume ${String(mount.name)}, which the pod does not have`);
      }

      // Environment: explicit entries and everything envFrom brings in.
      const env: Env = {};
      for (const e of asArray(c.env).map(asObject)) {
        const name = asString(e.name) ?? '';
        const ref = asObject(asObject(e.valueFrom).secretKeyRef);
        if (asString(ref.name)) {
          const secret = find('Secret', asString(ref.name)!);
          const value = secret && asString({ ...asObject(secret.doc.data), ...asObject(secret.doc.stringData) }[asString(ref.key) ?? '']);
          if (value === undefined)
            problems.push(`${cAt}: env ${name} refers to secret ${asString(ref.name)} key ${asString(ref.key)}, not defined here`);
          env[name] = value ?? '';
        } else env[name] = asString(e.value) ?? '';
      }
      for (const from of asArray(c.envFrom).map(asObject)) {
        for (const [kind, key] of [
          ['ConfigMap', 'configMapRef'],
          ['Secret', 'secretRef'],
        ] as const) {
          const ref = asString(asObject(from[key]).name);
          if (!ref) continue;
          const source = find(kind, ref);
          if (!source) problems.push(`${cAt}: envFrom ${kind} ${ref} is not defined here`);
          else Object.assign(env, { ...asObject(source.doc.data), ...asObject(source.doc.stringData) });
        }
      }
      problems.push(...unknownVariables(Object.keys(env), known, cAt));

      if (!isDjnetImage(c.image)) continue;
      const probes: [string, string][] = [
        ['readinessProbe', '/readyz'],
        ['livenessProbe', '/healthz'],
      ];
      for (const [probe, path] of probes) {
        const get = asObject(asObject(c[probe]).httpGet);
        if (get.path !== path) problems.push(`${cAt}: ${probe} should be an httpGet of ${path}`);
        else if (!portMatches(c, get.port)) problems.push(`${cAt}: ${probe} port ${String(get.port)} is not a container port`);
      }
      const role = roleOfCommand([...asArray(c.command), ...asArray(c.args)]);
      const listenPort = role === 'gateway' ? env.DJNET_GATEWAY_PORT : env.DJNET_PORT;
      if (!asArray(c.ports).some((p) => String(asObject(p).containerPort) === listenPort)) {
        problems.push(`${cAt}: no container port for the port it listens on (${listenPort ?? 'unset'})`);
      }
      if (role === 'node' && env.DJNET_TIER !== 'city' && !env.DJNET_REGISTRATION_TOKEN) env.DJNET_REGISTRATION_TOKEN = PLACEHOLDER_TOKEN;
      problems.push(...configProblems(role, env, cAt));
      // URLs that name a Service of this manifest set must use one of its ports.
      for (const [name, value] of Object.entries(env)) {
        for (const url of value.split(',').filter((v) => /^https?:\/\//.test(v))) {
          const u = urlParts(url);
          const svc = u && find('Service', u.host.split('.')[0]!);
          if (!u || !svc || !/^[^.]+(\.[^.]+(\.svc(\.cluster\.local)?)?)?$/.test(u.host)) continue;
          if (!asArray(asObject(svc.doc.spec).ports).some((p) => String(asObject(p).port) === u.port)) {
            problems.push(`${cAt}: ${name} ${url} uses a port Service ${nameOf(svc)} does not have`);
          }
        }
      }
      if (
        role === 'node' &&
        env.DJNET_TIER === 'city' &&
        manifests.some(
          (m) =>
            podTemplateOf(m) &&
            containersOf(podTemplateOf(m)!).some(
              (x) => isDjnetImage(x.image) && roleOfCommand([...asArray(x.command), ...asArray(x.args)]) === 'gateway',
            ),
        )
      ) {
        if (!env.DJNET_GATEWAY_NOTIFY_URLS) problems.push(`${cAt}: the city does not notify the gateways (DJNET_GATEWAY_NOTIFY_URLS)`);
      }
      // mongodb://<statefulset>-<i>.<headless service>…: the StatefulSet exists with enough replicas.
      for (const host of /^mongodb:\/\/(?:[^@/]*@)?([^/?]+)/.exec(env.MONGODB_URI ?? '')?.[1]?.split(',') ?? []) {
        const m = /^(.+)-(\d+)\.([^.:]+)/.exec(host);
        if (!m) continue;
        const sts = find('StatefulSet', m[1]!);
        if (!sts || asString(asObject(sts.doc.spec).serviceName) !== m[3] || Number(asObject(sts.doc.spec).replicas) <= Number(m[2])) {
          problems.push(`${cAt}: MONGODB_URI host ${host} is not a member of a StatefulSet here`);
        }
      }
    }
  }

  for (const svc of services) {
    const spec = asObject(svc.doc.spec);
    const selector = asObject(spec.selector);
    const selected = pods.filter((p) => selects(selector, p.labels));
    if (selected.length === 0) {
      problems.push(`${where(svc)}: selector ${JSON.stringify(selector)} matches no pod template`);
      continue;
    }
    for (const port of asArray(spec.ports).map(asObject)) {
      const target = port.targetPort ?? port.port;
      if (!selected.some((p) => containersOf(p).some((c) => portMatches(c, target)))) {
        problems.push(`${where(svc)}: targetPort ${String(target)} is not a port of the selected containers`);
      }
    }
  }

  for (const pdb of byKind('PodDisruptionBudget')) {
    const selector = asObject(asObject(asObject(pdb.doc.spec).selector).matchLabels);
    if (!pods.some((p) => selects(selector, p.labels))) problems.push(`${where(pdb)}: selector matches no pod template`);
  }
  for (const hpa of byKind('HorizontalPodAutoscaler')) {
    const ref = asObject(asObject(hpa.doc.spec).scaleTargetRef);
    if (!find(asString(ref.kind) ?? '', asString(ref.name) ?? ''))
      problems.push(`${where(hpa)}: scaleTargetRef ${String(ref.kind)}/${String(ref.name)} is not defined here`);
  }
  for (const ingress of byKind('Ingress')) {
    for (const rule of asArray(asObject(ingress.doc.spec).rules).map(asObject)) {
      for (const path of asArray(asObject(rule.http).paths).map(asObject)) {
        const backend = asObject(asObject(path.backend).service);
        const svc = find('Service', asString(backend.name) ?? '');
        const port = asObject(backend.port);
        if (!svc) problems.push(`${where(ingress)}: backend Service ${String(backend.name)} is not defined here`);
        else if (
          !asArray(asObject(svc.doc.spec).ports).some((p) =>
            port.name !== undefined ? asObject(p).name === port.name : asObject(p).port === port.number,
          )
        ) {
          problems.push(`${where(ingress)}: backend port ${JSON.stringify(port)} is not a port of Service ${nameOf(svc)}`);
        }
      }
    }
  }

  // The gateway scales horizontally: several replicas, and an autoscaler and a disruption budget for it.
  for (const d of byKind('Deployment')) {
    const pod = podTemplateOf(d)!;
    if (!containersOf(pod).some((c) => isDjnetImage(c.image) && roleOfCommand([...asArray(c.command), ...asArray(c.args)]) === 'gateway'))
      continue;
    if (Number(asObject(d.doc.spec).replicas ?? 1) < 2) problems.push(`${where(d)}: the gateway should run at least 2 replicas`);
    if (!byKind('HorizontalPodAutoscaler').some((h) => asObject(asObject(h.doc.spec).scaleTargetRef).name === nameOf(d)))
      problems.push(`${where(d)}: no HorizontalPodAutoscaler`);
    if (!byKind('PodDisruptionBudget').some((p) => selects(asObject(asObject(asObject(p.doc.spec).selector).matchLabels), pod.labels)))
      problems.push(`${where(d)}: no PodDisruptionBudget`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------- systemd

export type Unit = Map<string, Map<string, string[]>>;

export function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      section = unit.get(header[1]!) ?? new Map<string, string[]>();
      unit.set(header[1]!, section);
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(line);
    if (!kv || !section) throw new Error(`line ${i + 1}: not "Key=value" inside a [Section]: ${line}`);
    section.set(kv[1]!, [...(section.get(kv[1]!) ?? []), kv[2]!]);
  }
  return unit;
}

export function checkUnit(unit: Unit): string[] {
  const problems: string[] = [];
  const get = (section: string, key: string) => unit.get(section)?.get(key)?.at(-1);
  for (const section of unit.keys()) if (!['Unit', 'Service', 'Install'].includes(section)) problems.push(`unknown section [${section}]`);
  const required: [string, string, (v: string) => boolean, string][] = [
    ['Unit', 'Description', (v) => v.length > 0, 'a description'],
    ['Service', 'ExecStart', (v) => v.includes(NODE_ENTRY), `runs ${NODE_ENTRY}`],
    ['Service', 'User', (v) => v !== 'root' && v !== '0', 'a non-root user'],
    ['Service', 'EnvironmentFile', (v) => v.length > 0, 'the env file'],
    ['Service', 'Restart', (v) => v === 'on-failure', 'on-failure'],
    ['Service', 'NoNewPrivileges', (v) => v === 'yes' || v === 'true', 'yes'],
    ['Service', 'ProtectSystem', (v) => ['strict', 'full', 'yes'].includes(v), 'strict'],
    ['Service', 'ProtectHome', (v) => ['yes', 'read-only', 'tmpfs'].includes(v), 'yes'],
    ['Service', 'PrivateTmp', (v) => v === 'yes' || v === 'true', 'yes'],
    ['Install', 'WantedBy', (v) => v.length > 0, 'a target'],
  ];
  for (const [section, key, ok, expected] of required) {
    const value = get(section, key);
    if (value === undefined) problems.push(`[${section}] ${key} is missing`);
    else if (!ok(value)) problems.push(`[${section}] ${key}=${value} (expected ${expected})`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------- Dockerfile

export interface DockerInstruction {
  instruction: string;
  args: string;
  stage: number;
}

export function parseDockerfile(text: string): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let stage = -1;
  const logical = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n');
  for (const line of logical) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const instruction = m[1]!.toUpperCase();
    if (instruction === 'FROM') stage += 1;
    out.push({ instruction, args: m[2]!.trim(), stage });
  }
  return out;
}

export function checkDockerfile(text: string, contextDir: string): string[] {
  const problems: string[] = [];
  const all = parseDockerfile(text);
  const args: Env = {};
  for (const i of all.filter((x) => x.stage === -1 && x.instruction === 'ARG')) {
    const [k, v] = i.args.split('=');
    if (k && v) args[k] = v;
  }
  const froms = all.filter((i) => i.instruction === 'FROM');
  if (froms.length < 2) problems.push('not multi-stage (expected a build stage and a runtime stage)');
  for (const from of froms) {
    const image = from.args.split(/\s+/)[0]!.replace(/\$\{?([A-Za-z_]+)\}?/g, (_w, n: string) => args[n] ?? '');
    if (image !== 'node:20-slim') problems.push(`FROM ${from.args}: base image ${image}, expected node:20-slim`);
  }
  const last = froms.length - 1;
  const inStage = (s: number, instruction: string) => all.filter((i) => i.stage === s && i.instruction === instruction);
  const buildRuns = all
    .filter((i) => i.stage >= 0 && i.stage < last && i.instruction === 'RUN')
    .map((i) => i.args)
    .join(' ');
  for (const step of ['npm ci', 'npm run build', 'npm prune --omit=dev'])
    if (!buildRuns.includes(step)) problems.push(`the build stage does not run "${step}"`);
  const users = inStage(last, 'USER');
  const user = users.at(-1)?.args.split(':')[0];
  if (!user) problems.push('the final stage has no USER (runs as root)');
  else if (user === 'root' || user === '0') problems.push(`the final stage runs as ${user}`);
  const health = inStage(last, 'HEALTHCHECK').at(-1);
  if (!health) problems.push('the final stage has no HEALTHCHECK');
  else if (!health.args.includes('/healthz')) problems.push('HEALTHCHECK does not probe /healthz');
  const cmd = inStage(last, 'CMD').at(-1);
  if (!cmd || !cmd.args.includes(NODE_ENTRY)) problems.push(`the default command is not the node service (${NODE_ENTRY})`);
  for (const copy of all.filter((i) => i.instruction === 'COPY' && !i.args.includes('--from'))) {
    const parts = copy.args.split(/\s+/).filter((p) => !p.startsWith('--'));
    for (const source of parts.slice(0, -1)) {
      // A glob (e.g. `file.jso[n]`) may match nothing on purpose: an optional file.
      if (!/[*?[]/.test(source) && !existsSync(join(contextDir, source))) problems.push(`COPY ${source}: not in the build context`);
    }
  }
  return problems;
}
