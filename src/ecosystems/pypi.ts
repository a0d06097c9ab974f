import type { EcosystemDescriptor } from './descriptor';

export const pypi: EcosystemDescriptor = {
  id: 'pypi',
  files: {
    manifests: ['pyproject.toml', 'setup.cfg', 'Pipfile'],
    manifestPatterns: [/^requirements.*\.txt$/i, /^(dev|test)-requirements.*\.txt$/i],
    lockfiles: ['poetry.lock', 'uv.lock', 'Pipfile.lock'],
    caseInsensitiveTrigger: true,
  },
  reader: () => (require('../read/ecosystems/pypi') as typeof import('../read/ecosystems/pypi')).pypiReader,
  profile: {
    serverFrameworks: ['django', 'fastapi', 'flask', 'starlette', 'litestar', 'quart', 'tornado', 'sanic', 'pyramid', 'falcon', 'bottle', 'uvicorn', 'gunicorn', 'hypercorn', 'daphne', 'waitress'],
    serverRunners: ['gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'waitress'],
  },
  install: {
    byFile: [
      [/^poetry\.lock$/, 'poetry', 'poetry install'],
      [/^uv\.lock$/, 'uv', 'uv sync'],
      [/^Pipfile(\.lock)?$/, 'pipenv', 'pipenv sync'],
      [/requirements[^/]*\.txt$/, 'pip', 'pip install -r {file}'],
      [/^(pyproject\.toml|setup\.cfg)$/, 'pip', 'pip install .'],
    ],
    fallback: ['pip', 'pip install'],
  },
  purl: { type: 'pypi', foldsCase: true },
  // Also PIP_INDEX_URL and pip.conf (src/online/settings.ts).
  registry: {
    lookup: () => (require('../online/registries/pypi') as typeof import('../online/registries/pypi')).lookupPypi,
    endpoint: { name: 'pypi', env: 'LICENSE_RISK_REGISTRY_PYPI', url: 'https://pypi.org/' },
  },
};
