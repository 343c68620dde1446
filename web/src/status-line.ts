/** What the run is doing, as the status line says it. */
export type RunState =
  | { kind: "loading" }
  | { kind: "ready"; parameters: number; examples: number }
  | { kind: "training"; epoch: number; epochs: number }
  | { kind: "paused"; epoch: number; epochs: number; iteration: number }
  | { kind: "stopped"; text: string }
  | { kind: "needs-file"; text: string }
  | { kind: "failed"; text: string };

/**
 * The status line: what the run is doing (loading, ready, training, paused, done) and, under it, a note
 * about the last thing the person did ("Not applied: ..."), kept until the run's state changes (a
 * note made while a run loads stays until the state after "ready"). It is a
 * polite live region, so only the state's words are announced; the epoch counter that changes while
 * training runs is hidden from assistive technology (the "Epoch" output shows it to everyone).
 */
export class StatusLine {
  private readonly words: HTMLSpanElement;
  private readonly progress: HTMLSpanElement;
  private readonly noteText: HTMLSpanElement;
  private key = "";
  private kind = "";

  constructor(private readonly element: HTMLElement) {
    this.words = document.createElement("span");
    this.progress = document.createElement("span");
    this.progress.setAttribute("aria-hidden", "true");
    this.noteText = document.createElement("span");
    this.noteText.className = "status-note";
    element.replaceChildren(this.words, this.progress, this.noteText);
  }

  show(state: RunState): void {
    const [words, progress] = phrase(state);
    const key = `${state.kind}:${words}`;
    if (key !== this.key) {
      // a note made as a run was set up ("Reset: ...") is about the run that is now ready
      if (this.kind !== "loading") this.noteText.textContent = "";
      this.key = key;
      this.kind = state.kind;
    }
    this.element.dataset.state = state.kind;
    if (this.words.textContent !== words) this.words.textContent = words;
    if (this.progress.textContent !== progress) this.progress.textContent = progress;
  }

  /** A note under the state (cleared when the state changes). */
  note(text: string): void {
    this.noteText.textContent = text;
  }
}

const of = (epoch: number, epochs: number) => `epoch ${epoch} of ${epochs}`;

/** The announced words, and the progress shown after them (not announced). */
function phrase(state: RunState): [string, string] {
  switch (state.kind) {
    case "loading":
      return ["Loading the data and building the network…", ""];
    case "ready":
      return [`Ready: ${state.parameters} parameters, ${state.examples} training examples.`, ""];
    case "training":
      return ["Training", `: ${of(state.epoch, state.epochs)}`];
    case "paused":
      return [`Paused at ${of(state.epoch, state.epochs)}`, ` (iteration ${state.iteration}).`];
    default:
      return [state.text, ""];
  }
}

/**
 * The library's warnings for the run (a setting it does not use, a split without a dev set for early
 * stopping...), one a line under the status line, as `nnlab train` prints them; hidden when there are none.
 */
export function showWarnings(element: HTMLElement, warnings: readonly string[]): void {
  const text = warnings.map((w) => `Warning: ${w}`).join("\n");
  if (element.textContent !== text) element.textContent = text;
  element.hidden = warnings.length === 0;
}
