/**
 * Probes: short experiments that test the causes the doctor names (the same spec with one thing changed,
 * for a fraction of the epochs, compared at the same epoch), and runDoctor, which trains, diagnoses and
 * probes a spec and proposes the change of the first confirmed cause. Browser-safe.
 */
export { judgeProbe, planProbes, type Probe, type ProbeOutcome } from "./probes.js";
export { runDoctor, type DoctorOptions, type DoctorResult } from "./run-doctor.js";
