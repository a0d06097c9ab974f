// Types of the ES module entry point: those of the CommonJS build.
export * from '../dist/src/index.js';
