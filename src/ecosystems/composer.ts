import type { EcosystemDescriptor } from './descriptor';

export const composer: EcosystemDescriptor = {
  id: 'composer',
  files: {
    manifests: ['composer.json'],
    lockfiles: ['composer.lock'],
    installedLockfiles: [/(^|\/)vendor\/composer\/installed\.json$/],
  },
  reader: () => (require('../read/ecosystems/composer') as typeof import('../read/ecosystems/composer')).composerReader,
  profile: { serverFrameworks: ['laravel/framework', 'symfony/framework-bundle', 'slim/slim', 'laminas/laminas-mvc', 'cakephp/cakephp', 'yiisoft/yii2', 'codeigniter4/framework'] },
  install: { byFile: [[/^composer\.(lock|json)$/, 'composer', 'composer install']], fallback: ['composer', 'composer install'] },
  purl: { type: 'composer', foldsCase: true },
  registry: {
    lookup: () => (require('../online/registries/composer') as typeof import('../online/registries/composer')).lookupComposer,
    endpoint: { name: 'packagist', env: 'LICENSE_RISK_REGISTRY_PACKAGIST', url: 'https://repo.packagist.org/' },
  },
};
