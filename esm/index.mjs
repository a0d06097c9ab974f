// The ES module entry point: the same functions as the CommonJS build (dist/src/index.js).
import api from '../dist/src/index.js';

export const { scan, identify, explain } = api;
