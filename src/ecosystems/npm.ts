import type { EcosystemDescriptor } from './descriptor';

export const npm: EcosystemDescriptor = {
  id: 'npm',
  files: {
    manifests: ['package.json', 'pnpm-workspace.yaml'],
    lockfiles: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'],
  },
  reader: () => (require('../read/ecosystems/npm') as typeof import('../read/ecosystems/npm')).npmReader,
  profile: {
    serverFrameworks: [
      'express', 'fastify', 'koa', '@nestjs/core', 'next', 'nuxt', '@hapi/hapi', 'hapi', 'restify', '@remix-run/serve', '@react-router/serve',
      '@sveltejs/adapter-node', 'apollo-server', '@apollo/server', 'hono', '@hono/node-server', 'polka', 'sails', 'loopback', '@loopback/core',
      'feathers', '@feathersjs/feathers', 'strapi', '@strapi/strapi',
    ],
    appPackagers: ['electron', 'electron-builder', '@electron-forge/cli', 'pkg', '@yao-pkg/pkg', 'nexe', '@tauri-apps/cli', '@tauri-apps/api', 'nw', 'react-native', 'expo', '@capacitor/core', 'cordova'],
  },
  install: {
    byFile: [
      [/^(package-lock|npm-shrinkwrap)\.json$/, 'npm', 'npm ci'],
      [/^pnpm-lock\.yaml$/, 'pnpm', 'pnpm install --frozen-lockfile'],
      [/^yarn\.lock$/, 'yarn', 'yarn install --frozen-lockfile'],
      [/^package\.json$/, 'npm', 'npm install'],
    ],
    fallback: ['npm', 'npm ci'],
  },
  purl: { type: 'npm' },
  // The registry and its credentials come from .npmrc (src/online/npmrc.ts).
  registry: { lookup: () => (require('../online/registries/npm') as typeof import('../online/registries/npm')).lookupNpm },
};
