/** A classification worker thread: compiles the recipes it is given once, then classifies batches of works. */
import { workerData } from 'node:worker_threads';
import { serveRequests } from '../shared/worker-pool.js';
import { classifyBatch, compileRecipes, type Recipe, type WorkText } from './classify-work.js';

const recipes = compileRecipes((workerData as { recipes: Recipe[] }).recipes);
serveRequests((works: WorkText[]) => classifyBatch(works, recipes));
