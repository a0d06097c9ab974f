import type { EcosystemDescriptor } from './descriptor';

export const cargo: EcosystemDescriptor = {
  id: 'cargo',
  files: { manifests: ['Cargo.toml'], lockfiles: ['Cargo.lock'] },
  reader: () => (require('../read/ecosystems/cargo') as typeof import('../read/ecosystems/cargo')).cargoReader,
  profile: { serverFrameworks: ['actix-web', 'axum', 'rocket', 'warp', 'tide', 'poem', 'salvo', 'loco-rs'] },
  install: { byFile: [[/^Cargo\.(lock|toml)$/, 'cargo', 'cargo fetch']], fallback: ['cargo', 'cargo fetch'] },
  purl: { type: 'cargo' },
  registry: {
    lookup: () => (require('../online/registries/cargo') as typeof import('../online/registries/cargo')).lookupCargo,
    endpoint: { name: 'crates', env: 'LICENSE_RISK_REGISTRY_CRATES', url: 'https://crates.io/' },
  },
};
