import { causeWords, type DoctorCard, MAX_CURVE_POINTS, PROGRESS } from "../doctor-card.js";
import { escapeHtml } from "../html.js";

/** The card's one-line answer, and what it is for tests and styles: waiting, healthy, the first cause's id, or failed. */
export interface Headline {
  state: "waiting" | "healthy" | "cause" | "failed";
  cause: string;
  html: string;
}

const WAITING =
  `train for a while: the diagnosis appears once training has made progress ` +
  `(${PROGRESS.minEpochs} epochs and the training cost below ${Math.round(100 * PROGRESS.costShare)}% of its start, or ${PROGRESS.enoughEpochs} epochs, or the run stopped)`;

/**
 * The doctor's answer in one line: the first cause in words, or healthy, or no answer yet. It goes in an
 * aria-live region, so it holds no changing number: a screen reader announces it when the answer changes.
 */
export function doctorHeadline(card: DoctorCard | undefined): Headline {
  if (!card || card.state === "waiting") return { state: "waiting", cause: "", html: `<p class="verdict waiting">No diagnosis yet: ${escapeHtml(WAITING)}.</p>` };
  if (card.state === "failed") return { state: "failed", cause: "", html: `<p class="verdict waiting">No diagnosis: the doctor could not read this run.</p>` };
  const d = card.diagnosis;
  if (d.healthy) return { state: "healthy", cause: "", html: `<p class="verdict good"><strong>healthy</strong></p>` };
  const first = d.causes[0]!;
  const also = d.causes.slice(1).map((c) => causeWords(c.id));
  return {
    state: "cause",
    cause: first.id,
    html: `<p class="verdict cause"><strong>${escapeHtml(causeWords(first.id))}</strong></p>` + (also.length ? `<p class="also">also: ${escapeHtml(also.join(", "))}</p>` : ""),
  };
}

const list = (items: string[], cls: string) => `<ul class="${cls}">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;

/** The first cause's measured evidence, what it also explains and its advice; for a healthy run, why. Numbers change as the run goes. */
export function doctorDetailsHtml(card: DoctorCard | undefined): string {
  if (!card || card.state === "waiting") return "";
  if (card.state === "failed") return `<p class="hint">${escapeHtml(card.message)}</p>`;
  const d = card.diagnosis;
  const when =
    `<p class="hint">Diagnosed after ${card.epoch} epoch${card.epoch === 1 ? "" : "s"}` +
    (card.epoch > MAX_CURVE_POINTS ? ` (the doctor read one epoch in ${Math.ceil(card.epoch / MAX_CURVE_POINTS)} of the curves)` : "") +
    `.</p>`;
  if (d.healthy) return `<p class="hint">${escapeHtml(d.summary.replace(/^healthy: /, ""))}</p>${when}`;
  const first = d.causes[0]!;
  return (
    `<p class="hint">Evidence from this run:</p>${list(first.evidence, "evidence")}` +
    (first.explains?.length ? `<p class="hint">It also explains:</p>${list(first.explains, "explains")}` : "") +
    `<p class="hint">What to do:</p>${list(first.advice, "advice")}` +
    when
  );
}
