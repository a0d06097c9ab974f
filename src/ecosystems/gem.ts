import type { EcosystemDescriptor } from './descriptor';

export const gem: EcosystemDescriptor = {
  id: 'gem',
  files: { manifests: ['Gemfile'], manifestPatterns: [/\.gemspec$/i], lockfiles: ['Gemfile.lock'] },
  reader: () => (require('../read/ecosystems/gem') as typeof import('../read/ecosystems/gem')).gemReader,
  profile: {
    serverFrameworks: ['rails', 'railties', 'sinatra', 'hanami', 'puma', 'roda', 'grape', 'unicorn', 'falcon'],
    serverRunners: ['puma', 'unicorn'],
  },
  install: { byFile: [[/^Gemfile(\.lock)?$|\.gemspec$/, 'bundler', 'bundle install']], fallback: ['bundler', 'bundle install'] },
  purl: { type: 'gem' },
  registry: {
    lookup: () => (require('../online/registries/gem') as typeof import('../online/registries/gem')).lookupGem,
    endpoint: { name: 'rubygems', env: 'LICENSE_RISK_REGISTRY_RUBYGEMS', url: 'https://rubygems.org/' },
  },
};
