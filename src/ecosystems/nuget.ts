import type { EcosystemDescriptor } from './descriptor';

export const nuget: EcosystemDescriptor = {
  id: 'nuget',
  files: { manifests: [], manifestPatterns: [/\.(cs|fs|vb)proj$/i], lockfiles: ['packages.lock.json'] },
  reader: () => (require('../read/ecosystems/nuget') as typeof import('../read/ecosystems/nuget')).nugetReader,
  profile: {
    serverFrameworks: ['Microsoft.AspNetCore.App', 'Microsoft.AspNetCore.*', 'Swashbuckle.AspNetCore'],
    // The SDK of a web project (`<Project Sdk="Microsoft.NET.Sdk.Web">`), added by the reader.
    serverRunners: ['Microsoft.NET.Sdk.Web'],
  },
  install: { byFile: [[/^packages\.lock\.json$|\.(cs|fs|vb)proj$/, 'nuget', 'dotnet restore']], fallback: ['nuget', 'dotnet restore'] },
  purl: { type: 'nuget', foldsCase: true },
  registry: {
    lookup: () => (require('../online/registries/nuget') as typeof import('../online/registries/nuget')).lookupNuget,
    endpoint: { name: 'nuget', env: 'LICENSE_RISK_REGISTRY_NUGET', url: 'https://api.nuget.org/v3/index.json' },
  },
};
