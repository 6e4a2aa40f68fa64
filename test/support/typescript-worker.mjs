// The worker pool's entry when the service runs from TypeScript source, as in the tests: Jest's
// transform does not reach the pool's processes, so this one reads the source through its own loader.
import { register } from 'node:module';

register('./typescript-loader.mjs', import.meta.url);
const tasks = await import('../../src/worker-pool/pool-process.ts');

export const { charts, chartPictures, planXlsx, readReport, scrutinyDocx, scrutinyHtml, valueWorkbook } = tasks;
