import type { Component, Config, DiscoveredFiles, Distribution, Profile, ProjectFacts, ProjectManifest } from '../types';
import { appPackagers, isServerFrameworkName, isServerRunner } from '../ecosystems';
import { parseProfileSpec } from '../config/names';
export { parseProfileSpec } from '../config/names';

// The profile vocabulary (names, `:noncommercial`) lives in config/names.ts, shared with the CLI and the config validator.

// --- evidence -------------------------------------------------------------------------------

/** Files whose presence means the checkout is deployed as a running service. */
const SERVICE_FILES: { test: RegExp; what: string }[] = [
  { test: /(^|\/)(Dockerfile|Containerfile)(\.[\w-]+)?$|\.Dockerfile$/i, what: 'a container image build' },
  { test: /(^|\/)Procfile$/, what: 'a Heroku-style Procfile' },
  { test: /(^|\/)fly\.toml$/, what: 'a Fly.io app config' },
  { test: /(^|\/)app\.ya?ml$/, what: 'a Google App Engine config' },
  { test: /(^|\/)serverless\.(ya?ml|json|ts)$/, what: 'a Serverless Framework config' },
  { test: /(^|\/)(render\.yaml|railway\.json|railway\.toml|vercel\.json|netlify\.toml|now\.json)$/, what: 'a hosting platform config' },
  { test: /(^|\/)(k8s|kubernetes|manifests|deploy|helm|charts?)\/.*\.ya?ml$|(^|\/)Chart\.yaml$|(^|\/)kustomization\.ya?ml$/, what: 'Kubernetes manifests' },
];

/** Files that mean the checkout is packaged as a desktop/mobile app or a standalone binary. */
const BINARY_FILES: { test: RegExp; what: string }[] = [
  { test: /(^|\/)electron-builder\.(ya?ml|json|json5|toml|js|cjs|mjs|ts)$/, what: 'an electron-builder config' },
  { test: /(^|\/)forge\.config\.(js|cjs|mjs|ts)$/, what: 'an Electron Forge config' },
  { test: /(^|\/)src-tauri\/tauri\.conf\.json5?$|(^|\/)tauri\.conf\.json5?$/, what: 'a Tauri config' },
];

/** Folders whose contents are examples or test data, not the product. */
const NOT_PRODUCT = /(^|\/)(node_modules|test|tests|__tests__|fixtures?|examples?|samples?|docs?|vendor|third_party)\//i;

/** A start/serve script that launches a long-running server. */
const SERVER_SCRIPT = /\b(node|nodemon|ts-node|tsx|bun|deno|pm2|forever|next\s+start|nest\s+start|nuxt\s+start|nuxi\s+start|remix-serve|react-router-serve|fastify\s+start|strapi\s+start|gunicorn|uvicorn|hypercorn|daphne|waitress-serve|rails\s+s(erver)?|puma|manage\.py\s+runserver|java\s+-jar|dotnet\s+run)\b/;

interface ProjectEvidence {
  project: ProjectManifest;
  isPrivate: boolean;
  isApplication: boolean;
  server: string[];
  binary: string[];
  entry: string[];
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function projectEvidence(project: ProjectManifest): ProjectEvidence {
  // Facts are typed, but a hand-built model (tests, the API) may still hold odd values.
  const facts: Partial<ProjectFacts> = project.facts && typeof project.facts === 'object' ? project.facts : {};
  const isPrivate = project.private || facts.private === true;
  const frameworks = stringList(facts.serverFrameworks);
  // Readers of other ecosystems say outright whether a project is an application (a Go main
  // package, a Cargo binary without a library, a Composer "project", a Maven app). A project
  // that depends on a server process (gunicorn, puma, Spring Boot's web starter) is one too.
  const runsServer = project.ecosystem !== 'npm' && frameworks.some((f) => isServerRunner(f));
  const isApplication = facts.isApplication === true || runsServer;
  const server: string[] = [];
  const binary: string[] = [];
  const entry: string[] = [];
  const scripts = facts.scripts && typeof facts.scripts === 'object' && !Array.isArray(facts.scripts) ? facts.scripts : {};
  for (const name of ['start', 'serve', 'start:prod', 'prod']) {
    const cmd = scripts[name];
    if (typeof cmd === 'string' && SERVER_SCRIPT.test(cmd)) server.push(`${project.file} script "${name}" runs a server (${JSON.stringify(cmd)})`);
  }
  if (frameworks.length) server.push(`${project.file} depends on ${[...frameworks].sort().join(', ')}`);
  else if (facts.isWeb === true) server.push(`${project.file} is a web project`);
  const packagers = stringList(facts.appPackagers);
  if (packagers.length) binary.push(`${project.file} uses ${[...packagers].sort().join(', ')} to package an app`);
  if (!isApplication) {
    const mainKey = (['hasMain', 'hasExports', 'hasLib'] as const).find((k) => facts[k] === true);
    if (mainKey) entry.push(`${project.file} has an entry point ("${mainKey}")`);
    if (facts.isLibrary === true) entry.push(`${project.file} builds a library`);
    if (project.ecosystem === 'golang' && facts.isApplication === false) entry.push(`${project.file} is a Go module without a main package`);
    if (project.ecosystem === 'pypi' && facts.hasBuildSystem === true) entry.push(`${project.file} builds a distributable package`);
    if (facts.hasBin === true) entry.push(`${project.file} has "bin"`);
  }
  return { project, isPrivate, isApplication, server, binary, entry };
}

function fileEvidence(files: DiscoveredFiles | undefined, patterns: { test: RegExp; what: string }[]): string[] {
  if (!files) return [];
  const all = [...(files.all ?? []), ...(files.manifests ?? [])];
  const found = new Map<string, string>();
  for (const file of [...new Set(all)].sort()) {
    if (typeof file !== 'string' || NOT_PRODUCT.test(file)) continue;
    for (const p of patterns) if (p.test.test(file) && !found.has(p.what)) found.set(p.what, `${file} (${p.what})`);
  }
  return [...found.values()];
}

/**
 * Evidence that the checkout runs as a network service (start scripts, server frameworks,
 * deployment files), whatever its publishing status. Used by own-license's resale note.
 */
export function serverEvidence(projects: ProjectManifest[], files: DiscoveredFiles | undefined): string[] {
  const list = (Array.isArray(projects) ? projects : []).filter((p) => p && typeof p === 'object');
  return [...list.flatMap((p) => projectEvidence(p).server), ...fileEvidence(files, SERVICE_FILES)];
}

export interface InferProfileInput {
  projects: ProjectManifest[];
  files: DiscoveredFiles;
  /**
   * The components read so far (optional): direct production dependencies on server
   * frameworks (express, fastify, next, …) or app packagers (electron, tauri) are evidence too,
   * since npm manifests' facts do not list dependency names.
   */
  components?: Component[];
  configProfile?: Config['profile'];
  flagProfile?: string;
}

/**
 * Picks the profile: `--profile` beats config beats inference. Inference, from the checkout:
 * - a private project with deployment files (Dockerfile, Procfile, fly.toml, app.yaml,
 *   serverless.yml, Kubernetes manifests) or a start script that runs a server → `saas`;
 * - a private project packaged as a desktop/mobile app or binary (Electron, Tauri, pkg) → `distributed`;
 * - a published project (not private) with main/exports/bin → `library`, unless it also has a
 *   server start script, in which case users self-host it → `distributed`;
 * - nothing conclusive → `distributed`, the profile under which the most obligations apply
 *   (origin `default`), so that silence never hides a copyleft duty.
 * An invalid flag or config value is ignored here and named in `reasons`; callers that want a
 * usage error check it first with `parseProfileSpec`.
 */
export function inferProfile(input: InferProfileInput): Profile {
  const reasons: string[] = [];
  const flag = input.flagProfile !== undefined ? parseProfileSpec(input.flagProfile) : undefined;
  const config = input.configProfile !== undefined ? parseProfileSpec(input.configProfile) : undefined;
  if (flag && !flag.ok) reasons.push(`ignored --profile: ${flag.error}`);
  if (config && !config.ok) reasons.push(`ignored config "profile": ${config.error}`);
  const flagSpec = flag?.ok ? flag.spec : {};
  const configSpec = config?.ok ? config.spec : {};

  const commercialFrom =
    flagSpec.commercial !== undefined ? { value: flagSpec.commercial, from: '--profile' } : configSpec.commercial !== undefined ? { value: configSpec.commercial, from: 'config' } : undefined;
  const commercial = commercialFrom ? commercialFrom.value : true;
  const commercialReason = commercialFrom ? `commercial: ${commercial} (from ${commercialFrom.from})` : 'commercial: true (default)';

  if (flagSpec.distribution && flagSpec.distribution !== 'auto') {
    return { distribution: flagSpec.distribution, commercial, origin: 'flag', reasons: [...reasons, `--profile ${input.flagProfile}`, commercialReason] };
  }
  if (configSpec.distribution && configSpec.distribution !== 'auto') {
    return { distribution: configSpec.distribution, commercial, origin: 'config', reasons: [...reasons, `config "profile" is ${configSpec.distribution}`, commercialReason] };
  }

  const projects = (Array.isArray(input.projects) ? input.projects : []).filter((p) => p && typeof p === 'object');
  const evidence = projects.map(projectEvidence);
  const serviceFiles = fileEvidence(input.files, SERVICE_FILES);
  const binaryFiles = fileEvidence(input.files, BINARY_FILES);
  const privateProjects = evidence.filter((e) => e.isPrivate);
  const published = evidence.filter((e) => !e.isPrivate && !e.isApplication && e.entry.length > 0);
  // Projects that are not published packages (private, applications, or without an entry
  // point) are apps.
  const apps = evidence.filter((e) => e.isPrivate || e.isApplication || e.entry.length === 0);
  const direct = (Array.isArray(input.components) ? input.components : []).filter((c) => c && c.direct && typeof c.name === 'string');
  const serverComponents = [...new Set(direct.filter((c) => c.scope === 'prod' && c.ecosystem === 'npm' && isServerFrameworkName('npm', c.name)).map((c) => c.name))].sort();
  const binaryComponents = appPackagers('npm', direct.filter((c) => c.ecosystem === 'npm').map((c) => c.name));
  // Components a manifest's facts already named are not listed twice.
  const unnamedServerComponents = serverComponents.filter((n) => !apps.some((e) => e.server.some((line) => line.includes(n))));
  const privateServer = [...apps.flatMap((e) => e.server), ...(apps.length && unnamedServerComponents.length ? [`depends on ${unnamedServerComponents.join(', ')}`] : [])];
  const binary = [
    ...evidence.flatMap((e) => e.binary),
    ...binaryFiles,
    ...(apps.length && binaryComponents.length ? [`uses ${binaryComponents.join(', ')} to package an app`] : []),
  ];
  const done = (distribution: Distribution, why: string[]): Profile => ({
    distribution,
    commercial,
    origin: 'auto',
    reasons: [...reasons, ...why, commercialReason],
  });

  // A desktop app that embeds a local server is still shipped; only deployment files make it a service.
  if (binary.length && apps.length && !serviceFiles.length) {
    return done('distributed', [...binary, ...privateProjects.map((e) => `${e.project.file} is private`)]);
  }
  if ((privateServer.length || serviceFiles.length) && published.length === 0) {
    return done('saas', [...privateServer, ...serviceFiles, ...privateProjects.map((e) => `${e.project.file} is private`)]);
  }
  if (published.length) {
    // A published package that starts a server (a start script, or a command that depends on a server framework: n8n's `n8n` bin on express) is installed and run by its users.
    const selfHosted = published.filter((e) => e.server.some((s) => s.includes('script')) || (e.project.facts?.hasBin === true && stringList(e.project.facts.serverFrameworks).length > 0));
    if (selfHosted.length) {
      return done('distributed', [...selfHosted.flatMap((e) => [`${e.project.file} is published (not private)`, ...e.server]), 'users install and run it themselves']);
    }
    return done('library', published.flatMap((e) => [`${e.project.file} is published (not private)`, ...e.entry]));
  }
  if (binary.length) return done('distributed', binary);
  const applications = evidence.filter((e) => e.isApplication);
  if (applications.length) {
    return done('distributed', applications.map((e) => `${e.project.file} builds an application with no deployment files, so it is assumed to be shipped to users`));
  }
  return {
    distribution: 'distributed',
    commercial,
    origin: 'default',
    reasons: [...reasons, 'no deployment, packaging or publishing evidence found; assuming "distributed", the profile under which the most obligations apply (set "profile" to be exact)', commercialReason],
  };
}
