import { Worker } from 'node:worker_threads';

/**
 * Whatever happens to the main thread once shutdown begins (a log write stuck on a full pipe, an
 * exit handler looping), the process ends `ms` from now: a worker thread, which the main thread's
 * state cannot hold up, kills it. Armed only on SIGTERM/SIGINT; a clean stop exits long before.
 */
export function armShutdownDeadline(ms: number): void {
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     setTimeout(() => process.kill(workerData.pid, 'SIGKILL'), workerData.ms);`,
    { eval: true, workerData: { pid: process.pid, ms } },
  );
  worker.unref();
}
