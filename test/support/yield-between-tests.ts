/**
 * Lets the test process handle its messages between tests. A file of long synchronous trainings (the
 * course reproductions: ~70 s on a loaded 2-core machine) otherwise only yields microtasks between
 * tests, vitest's reply to "onTaskUpdate" waits unread in the pipe, and its 60 s RPC timer fails the run
 * ("Timeout calling onTaskUpdate") although every test passed.
 */
import { beforeEach } from "vitest";

beforeEach(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
