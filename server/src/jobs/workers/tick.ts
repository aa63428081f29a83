// A bree worker: tells Mission Control's main thread that a scheduled run is due.
import { parentPort } from 'node:worker_threads';

parentPort?.postMessage('tick');
