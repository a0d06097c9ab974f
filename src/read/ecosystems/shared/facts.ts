/**
 * Server frameworks by ecosystem: a project that depends on one directly is most likely run as
 * a network service, which the profile inference weighs towards `saas`. Names as each
 * ecosystem spells its packages.
 */
export const SERVER_FRAMEWORKS: Readonly<Record<string, readonly string[]>> = {
  pypi: ['django', 'fastapi', 'flask', 'starlette', 'aiohttp', 'tornado', 'sanic', 'pyramid', 'falcon', 'uvicorn', 'gunicorn'],
  cargo: ['actix-web', 'axum', 'rocket', 'warp', 'tide', 'poem', 'hyper', 'tonic'],
  golang: ['github.com/gin-gonic/gin', 'github.com/labstack/echo/v4', 'github.com/gofiber/fiber/v2', 'github.com/go-chi/chi/v5', 'github.com/gorilla/mux', 'google.golang.org/grpc'],
  maven: [
    'org.springframework.boot:spring-boot-starter-web',
    'org.springframework.boot:spring-boot-starter-webflux',
    'io.quarkus:quarkus-resteasy',
    'io.quarkus:quarkus-rest',
    'io.micronaut:micronaut-http-server-netty',
    'io.dropwizard:dropwizard-core',
    'io.vertx:vertx-web',
    'io.ktor:ktor-server-core',
  ],
  composer: ['laravel/framework', 'symfony/framework-bundle', 'slim/slim', 'laminas/laminas-mvc', 'cakephp/cakephp'],
  gem: ['rails', 'sinatra', 'hanami', 'puma', 'roda', 'grape'],
  nuget: ['Microsoft.AspNetCore.App', 'Swashbuckle.AspNetCore', 'Microsoft.AspNetCore.OpenApi'],
};

/** The server frameworks among direct dependency names (compared case-insensitively). */
export function serverFrameworks(ecosystem: string, dependencyNames: Iterable<string>): string[] {
  const known = new Map((SERVER_FRAMEWORKS[ecosystem] ?? []).map((n) => [n.toLowerCase(), n]));
  const found = new Set<string>();
  for (const name of dependencyNames) {
    const hit = known.get(name.toLowerCase());
    if (hit) found.add(hit);
  }
  return [...found].sort();
}
