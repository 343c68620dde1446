/**
 * The playground page, put together: the run (spec <-> worker <-> views, see RunController), the
 * controls that change it, the Data panel's CSV, and the loop that draws what the worker reports.
 */
import { specFromQuery } from "./url-state.js";
import { wireControls } from "./page/controls.js";
import { wireCsvPanel } from "./page/csv-panel.js";
import { startFirstRun } from "./page/first-run.js";
import { startRenderLoop } from "./page/render-loop.js";
import { RunController } from "./page/run-controller.js";

const fromLink = specFromQuery(location.search);
/** `nnlab playground spec.json` prints an address with "?open": the page then asks its server for that spec. */
const opening = new URLSearchParams(location.search).has("open");

const run = new RunController(fromLink.spec);
wireControls(run);
wireCsvPanel(run);

// The settings column sits under the sticky header (styles.css reads its height).
const header = document.querySelector<HTMLElement>("header.top")!;
new ResizeObserver(() => document.documentElement.style.setProperty("--header-height", `${header.offsetHeight}px`)).observe(header);

run.showSpec();
startFirstRun(run, opening, fromLink.problems);
startRenderLoop(run);
