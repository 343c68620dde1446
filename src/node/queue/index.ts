/**
 * Sweeps across machines: a sweep's trials on a BullMQ queue in Redis (queueExecutor, a TrialExecutor)
 * and the worker that runs them anywhere (startQueueWorker). BullMQ and ioredis are loaded on first use.
 */
export { parseRedisAddress, type RedisAddress } from "./redis-address.js";
export { queueExecutor, type QueueExecutor, type QueueExecutorOptions, type QueueProgress } from "./queue-executor.js";
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from "./queue-worker.js";
export { dataFiles, dataFilesHash, SHIP_LIMIT_BYTES, sweepData, type SweepData } from "./sweep-data.js";
export { sweepQueueName, trialJobId, type TrialDataRef, type TrialJobData } from "./trial-job.js";
