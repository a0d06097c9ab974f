import type { Ecosystem } from '../../../types';

/**
 * Server frameworks by ecosystem: a project that depends on one directly is most likely run as
 * a network service, which the profile inference weighs towards `saas`. Names as each
 * ecosystem spells its packages. A name ending in `*` matches any name with that prefix
 * (Spring Boot's web starters, Ktor's server engines). Packages that are as often clients as
 * servers (hyper, aiohttp, tonic) are left out: a CLI that calls an API is not a service.
 */
export const SERVER_FRAMEWORKS: Readonly<Record<Ecosystem, readonly string[]>> = {
  npm: [
    'express', 'fastify', 'koa', '@nestjs/core', 'next', 'nuxt', '@hapi/hapi', 'hapi', 'restify', '@remix-run/serve', '@react-router/serve',
    '@sveltejs/adapter-node', 'apollo-server', '@apollo/server', 'hono', '@hono/node-server', 'polka', 'sails', 'loopback', '@loopback/core',
    'feathers', '@feathersjs/feathers', 'strapi', '@strapi/strapi',
  ],
  pypi: ['django', 'fastapi', 'flask', 'starlette', 'litestar', 'quart', 'tornado', 'sanic', 'pyramid', 'falcon', 'bottle', 'uvicorn', 'gunicorn', 'hypercorn', 'daphne', 'waitress'],
  cargo: ['actix-web', 'axum', 'rocket', 'warp', 'tide', 'poem', 'salvo', 'loco-rs'],
  // Go module paths without their `/vN` major suffix (see `goModuleBase`).
  golang: [
    'github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/gofiber/fiber', 'github.com/go-chi/chi', 'github.com/gorilla/mux',
    'github.com/julienschmidt/httprouter', 'github.com/beego/beego', 'github.com/valyala/fasthttp', 'github.com/go-kratos/kratos', 'github.com/zeromicro/go-zero',
    // Not a module: the reader adds it when a main package starts a net/http server.
    'net/http',
  ],
  maven: [
    'org.springframework.boot:spring-boot-starter-web*',
    'org.springframework.boot:spring-boot-starter-jersey',
    'org.springframework.boot:spring-boot-starter-graphql',
    'io.quarkus:quarkus-rest*',
    'io.quarkus:quarkus-resteasy*',
    'io.quarkus:quarkus-vertx-http',
    'io.micronaut:micronaut-http-server*',
    'io.dropwizard:dropwizard-core',
    'io.vertx:vertx-web',
    'io.ktor:ktor-server-*',
    'io.javalin:javalin',
    'com.sparkjava:spark-core',
  ],
  composer: ['laravel/framework', 'symfony/framework-bundle', 'slim/slim', 'laminas/laminas-mvc', 'cakephp/cakephp', 'yiisoft/yii2', 'codeigniter4/framework'],
  gem: ['rails', 'railties', 'sinatra', 'hanami', 'puma', 'roda', 'grape', 'unicorn', 'falcon'],
  nuget: ['Microsoft.AspNetCore.App', 'Microsoft.AspNetCore.*', 'Swashbuckle.AspNetCore'],
  // Models are not frameworks: what serves them is a Python (or other) package above.
  huggingface: [],
};

/** npm dependencies that package a desktop/mobile app or a standalone binary: the app is shipped, not hosted. */
export const APP_PACKAGERS: readonly string[] = ['electron', 'electron-builder', '@electron-forge/cli', 'pkg', '@yao-pkg/pkg', 'nexe', '@tauri-apps/cli', '@tauri-apps/api', 'nw', 'react-native', 'expo', '@capacitor/core', 'cordova'];

/** `github.com/labstack/echo/v4` → `github.com/labstack/echo`: Go puts the major version in the path. */
export function goModuleBase(modulePath: string): string {
  return modulePath.replace(/\/v\d+$/, '');
}

/** The server frameworks among direct dependency names (compared case-insensitively), sorted, as listed above. */
export function serverFrameworks(ecosystem: Ecosystem, dependencyNames: Iterable<string>): string[] {
  const names = SERVER_FRAMEWORKS[ecosystem];
  const exact = new Map(names.filter((n) => !n.endsWith('*')).map((n) => [n.toLowerCase(), n]));
  const prefixes = names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1).toLowerCase());
  const found = new Set<string>();
  for (const raw of dependencyNames) {
    const name = (ecosystem === 'golang' ? goModuleBase(raw) : raw).toLowerCase();
    const hit = exact.get(name);
    if (hit) found.add(hit);
    // A prefix pattern reports the dependency itself: `spring-boot-starter-webflux` says more than the pattern.
    else if (prefixes.some((p) => name.startsWith(p))) found.add(ecosystem === 'golang' ? goModuleBase(raw) : raw);
  }
  return [...found].sort();
}

/** The app packagers among a project's direct npm dependencies, sorted. */
export function appPackagers(dependencyNames: Iterable<string>): string[] {
  return [...new Set([...dependencyNames].filter((n) => APP_PACKAGERS.includes(n)))].sort();
}
