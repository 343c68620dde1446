/**
 * The order test files start in: longest first, so that the two workers finish together instead of one
 * running the browser suites alone at the end. vitest's own order does this from its cache of last run's
 * durations, but a fresh clone (CI, a newcomer) has no cache and ran files in discovery order, which
 * put the two playground suites (~40 s and ~30 s) among the last to start. Files the cache does not
 * know get the seconds below (measured on the 2-core machine, two workers), others a second.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Seconds per file from a fresh clone's `CI=true bash .ci/run` (2026-12-02; 2026-12-03 for the second group), for the files above ~5 s; the rest count as 1. */
const EXPECTED_SECONDS: Record<string, number> = {
  "test/playground/playground.e2e.test.ts": 50,
  "test/playground/data-links.e2e.test.ts": 40,
  // (a browser suite left at 1 s started last, and ran alone while the other worker had finished)
  "test/playground/csv-reader.e2e.test.ts": 12,
  "test/cli/predict-streaming.test.ts": 6,
  "test/doctor/advice-audit.test.ts": 12,
  "test/playground/form-honesty.e2e.test.ts": 9,
  "test/queue/redis-faults.test.ts": 8,
  "test/determinism/kernels-continue.test.ts": 8,
  "test/concurrency/run-lock.test.ts": 6,
  "test/cli/stops-and-divergence.test.ts": 6,
  "test/package-files.test.ts": 5,
  "test/course-initialization.test.ts": 5,
  "test/course-regularization.test.ts": 28,
  "test/queue/queue-sweep.test.ts": 17,
  "test/queue/queue-improve.test.ts": 14,
  "test/cli/resume.test.ts": 14,
  "test/improve/report-browser.test.ts": 11,
  "test/data/augment-fashion.test.ts": 10,
  "src/tensor/wasm/worker-threads.test.ts": 10,
  "test/cli/cli.test.ts": 9,
  "test/cli/demo-report.test.ts": 7,
  "test/report-browser.test.ts": 7,
  "test/playground/same-bits.test.ts": 6,
  "test/playground/doctor-card.test.ts": 6,
  // the doctor's scenario suites (measured alone: 6-10 s each)
  "test/doctor/held-out.test.ts": 12,
  "test/doctor/examiner-2.test.ts": 11,
  "test/doctor/corpus.test.ts": 9,
  "test/improve/planted.test.ts": 14, // (2026-12-04: 24 tests)
  "test/doctor/over-regularized-noise-floor.test.ts": 18, // (2026-12-04, measured alone)
  "test/cli/sweep-kernels.test.ts": 5,
  "src/node/native.test.ts": 5,
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (file: TestSpecification): number => {
      const path = file.moduleId.slice(root.length + 1);
      const cached = this.ctx.cache.getFileTestResults(`${file.project.name}:${path}`);
      return cached ? cached.duration / 1000 : (EXPECTED_SECONDS[path] ?? 1);
    };
    const failed = (file: TestSpecification) => !!this.ctx.cache.getFileTestResults(`${file.project.name}:${file.moduleId.slice(root.length + 1)}`)?.failed;
    return [...files].sort((a, b) => Number(failed(b)) - Number(failed(a)) || seconds(b) - seconds(a));
  }
}
