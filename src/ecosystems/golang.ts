import type { EcosystemDescriptor } from './descriptor';

export const golang: EcosystemDescriptor = {
  id: 'golang',
  files: {
    manifests: ['go.mod'],
    lockfiles: ['go.sum'],
    // Read by the reader from the installed tree; listed so it can find it cheaply.
    installedLockfiles: [/(^|\/)vendor\/modules\.txt$/],
  },
  reader: () => (require('../read/ecosystems/golang') as typeof import('../read/ecosystems/golang')).golangReader,
  profile: {
    // Module paths without their `/vN` major suffix (see `goModuleBase`).
    serverFrameworks: [
      'github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/gofiber/fiber', 'github.com/go-chi/chi', 'github.com/gorilla/mux',
      'github.com/julienschmidt/httprouter', 'github.com/beego/beego', 'github.com/valyala/fasthttp', 'github.com/go-kratos/kratos', 'github.com/zeromicro/go-zero',
      // Not a module: the reader adds it when a main package starts a net/http server.
      'net/http',
    ],
    serverRunners: ['net/http'],
  },
  install: { byFile: [[/^go\.(mod|sum)$/, 'go', 'go mod download']], fallback: ['go', 'go mod download'] },
  purl: { type: 'golang' },
  // The Go module proxy has no license metadata: the lookup says so once.
  registry: { lookup: () => (require('../online/registries/golang') as typeof import('../online/registries/golang')).lookupGolang },
};
