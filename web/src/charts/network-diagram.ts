import { formatNumber } from "../html.js";
import type { NetworkLayer, NetworkView } from "../network-view.js";
import { CLASS_COLOURS } from "./boundary-view.js";

/** Diagram units (the SVG's viewBox; the units' buttons are placed in the same coordinates, in percent). */
const BOX = 28;
const PITCH = 36;
const TOP = 22;
const BOTTOM = 16;
const LEFT = 44;
const RIGHT = 16;
const COLUMN = 110;
/** The diagram's height at most, in CSS pixels. */
const MAX_HEIGHT = 300;

/** Negative values orange, positive blue (TensorFlow Playground's colours, the boundary's classes 0 and 1). */
const [NEGATIVE, POSITIVE] = [CLASS_COLOURS[0]!, CLASS_COLOURS[1]!];

/** A value in [-1, 1] as a colour: orange at -1, white at 0, blue at 1. */
function diverging(t: number): [number, number, number] {
  const c = t < 0 ? NEGATIVE : POSITIVE;
  const a = Math.min(1, Math.abs(t));
  return [255 + (c[0] - 255) * a, 255 + (c[1] - 255) * a, 255 + (c[2] - 255) * a];
}

/**
 * How a layer's outputs map onto [-1, 1] for the colours: tanh as it is, probabilities (sigmoid,
 * softmax) as 2p - 1, and unbounded ones (inputs, ReLU, linear) over the layer's largest |value| on the
 * plane, so that the units of one layer can be compared.
 */
function scaleOf(layer: NetworkLayer): (v: number) => number {
  if (layer.activation === "tanh") return (v) => v;
  if (layer.activation === "sigmoid" || layer.activation === "softmax") return (v) => 2 * v - 1;
  let most = 0;
  for (const v of layer.maps ?? []) most = Math.max(most, Math.abs(v));
  const k = most > 0 ? 1 / most : 1;
  return (v) => v * k;
}

interface Shape {
  key: string;
  width: number;
  height: number;
  /** Per layer, per shown unit: the centre of its box. */
  centres: Array<Array<[number, number]>>;
}

function shapeOf(view: NetworkView): Shape {
  const columns = view.layers.length;
  const most = Math.max(...view.layers.map((l) => l.shown));
  const width = LEFT + RIGHT + BOX + (columns - 1) * COLUMN;
  const height = TOP + BOTTOM + most * PITCH;
  const centres = view.layers.map((l, c) => {
    const x = LEFT + BOX / 2 + c * COLUMN;
    const top = TOP + ((most - l.shown) * PITCH) / 2;
    return Array.from({ length: l.shown }, (_, u) => [x, top + u * PITCH + PITCH / 2] as [number, number]);
  });
  const key = view.layers.map((l) => `${l.name}:${l.shown}/${l.units}:${l.activation}:${l.labels.join(",")}`).join("|") + `|${view.plane}`;
  return { key, width, height, centres };
}

const SVG = "http://www.w3.org/2000/svg";

/** Words for a unit's state, for its label and the readout. */
function stateWords(layer: NetworkLayer, u: number): string {
  if (layer.dead[u]) return "dead: 0 on every probe example";
  const s = layer.saturation[u]!;
  return s >= 0.9 ? `saturated: ${Math.round(100 * s)}% of probe examples in the flat tails` : "";
}

/**
 * The network drawn as TensorFlow Playground draws it: a column per layer, each unit a small heat map of
 * its output over the input plane (2-D data), the lines between units coloured by the weight's sign
 * (blue positive, orange negative) and as thick as its size; dead units crossed out in red, saturated
 * ones framed in dashed orange. Every unit is a button: focus or hover shows its bias, state and
 * incoming weights in the readout under the diagram; hovering a line shows that weight. The structure is
 * built once per shape of network, then only recoloured, so focus and hover survive the live updates.
 */
export class NetworkDiagram {
  private shape: Shape | null = null;
  private view: NetworkView | null = null;
  private readonly svg: SVGSVGElement;
  private readonly units: HTMLDivElement;
  private links: SVGLineElement[][] = [];
  private buttons: HTMLButtonElement[][] = [];
  private canvases: HTMLCanvasElement[][] = [];
  /** The unit with the keyboard focus, the unit under the pointer, the line under the pointer. */
  private focused: [number, number] | null = null;
  private pointed: [number, number] | null = null;
  private hovered: [number, number, number] | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly readout: HTMLElement,
  ) {
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.setAttribute("aria-hidden", "true");
    this.svg.classList.add("network-links");
    this.units = document.createElement("div");
    this.units.className = "network-units";
    container.replaceChildren(this.svg, this.units);
    this.showReadout();
  }

  /** Draws `view` (null: no network to show: the last one's units and lines go, not just out of sight). */
  draw(view: NetworkView | null): void {
    this.view = view;
    if (!view) {
      this.shape = null;
      this.focused = this.pointed = null;
      this.hovered = null;
      this.links = [];
      this.buttons = [];
      this.canvases = [];
      this.svg.replaceChildren();
      this.units.replaceChildren();
      this.container.hidden = true;
      this.showReadout();
      return;
    }
    this.container.hidden = false;
    const shape = shapeOf(view);
    if (shape.key !== this.shape?.key) this.build(view, shape);
    this.update(view);
    this.showReadout();
  }

  private build(view: NetworkView, shape: Shape): void {
    this.shape = shape;
    this.focused = null;
    this.pointed = null;
    this.hovered = null;
    const { width, height, centres } = shape;
    this.container.style.aspectRatio = `${width} / ${height}`;
    // At most 1.4 px a unit (a small network is not blown up to the card's width), and at most
    // MAX_HEIGHT px tall (so that the diagram, the boundary and the curves share one laptop screen).
    this.container.style.maxWidth = `${Math.round(Math.min(1.4 * width, (MAX_HEIGHT * width) / height))}px`;
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.replaceChildren();
    this.units.replaceChildren();
    const pct = (v: number, of: number) => `${((100 * v) / of).toFixed(3)}%`;
    // Lines first (under the units); each with a wide transparent twin that catches the pointer.
    this.links = view.weights.map((_, l) =>
      centres[l]!.flatMap((from, i) =>
        centres[l + 1]!.map((to, j) => {
          const line = document.createElementNS(SVG, "line");
          line.setAttribute("x1", String(from[0] + BOX / 2));
          line.setAttribute("y1", String(from[1]));
          line.setAttribute("x2", String(to[0] - BOX / 2));
          line.setAttribute("y2", String(to[1]));
          line.classList.add("link");
          const hit = line.cloneNode() as SVGLineElement;
          hit.setAttribute("class", "link-hit");
          hit.addEventListener("pointerenter", () => {
            this.hovered = [l, i, j];
            this.showReadout();
          });
          hit.addEventListener("pointerleave", () => {
            this.hovered = null;
            this.showReadout();
          });
          this.svg.append(line);
          this.svg.append(hit);
          return line;
        }),
      ),
    );
    // Column headings and the input features' names.
    view.layers.forEach((layer, c) => {
      const x = LEFT + BOX / 2 + c * COLUMN;
      const heading = document.createElementNS(SVG, "text");
      heading.setAttribute("x", String(x));
      heading.setAttribute("y", "13");
      heading.setAttribute("text-anchor", "middle");
      heading.textContent = layer.activation === "input" ? `${layer.units} input${layer.units === 1 ? "" : "s"}` : `${layer.units} ${layer.activation}`;
      this.svg.append(heading);
      if (layer.shown < layer.units) {
        const more = document.createElementNS(SVG, "text");
        more.setAttribute("x", String(x));
        more.setAttribute("y", String(height - 4));
        more.setAttribute("text-anchor", "middle");
        more.textContent = `+${layer.units - layer.shown} more`;
        this.svg.append(more);
      }
      if (c === 0) {
        centres[0]!.forEach(([cx, cy], u) => {
          const name = document.createElementNS(SVG, "text");
          name.setAttribute("x", String(cx - BOX / 2 - 4));
          name.setAttribute("y", String(cy + 4));
          name.setAttribute("text-anchor", "end");
          name.textContent = layer.labels[u]!.length > 7 ? `${layer.labels[u]!.slice(0, 6)}…` : layer.labels[u]!;
          this.svg.append(name);
        });
      }
    });
    // The units: buttons over the lines, each holding its heat map.
    this.canvases = [];
    this.buttons = view.layers.map((_layer, l) => {
      const canvases: HTMLCanvasElement[] = [];
      this.canvases.push(canvases);
      return centres[l]!.map(([cx, cy], u) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "unit";
        button.dataset.layer = String(l);
        button.dataset.unit = String(u);
        button.style.left = pct(cx - BOX / 2, width);
        button.style.top = pct(cy - BOX / 2, height);
        button.style.width = pct(BOX, width);
        button.style.height = pct(BOX, height);
        button.setAttribute("aria-describedby", this.readout.id);
        const canvas = document.createElement("canvas");
        canvas.width = view.resolution;
        canvas.height = view.resolution;
        canvas.hidden = !view.plane;
        canvases.push(canvas);
        button.append(canvas);
        const is = (at: [number, number] | null) => at !== null && at[0] === l && at[1] === u;
        button.addEventListener("focus", () => {
          this.focused = [l, u];
          this.showReadout();
        });
        button.addEventListener("blur", () => {
          if (is(this.focused)) this.focused = null;
          this.showReadout();
        });
        button.addEventListener("pointerenter", () => {
          this.pointed = [l, u];
          this.showReadout();
        });
        button.addEventListener("pointerleave", () => {
          if (is(this.pointed)) this.pointed = null;
          this.showReadout();
        });
        this.units.append(button);
        return button;
      });
    });
  }

  private update(view: NetworkView): void {
    const r = view.resolution;
    view.layers.forEach((layer, l) => {
      const scale = scaleOf(layer);
      layer.labels.forEach((label, u) => {
        const button = this.buttons[l]![u]!;
        const state = stateWords(layer, u);
        button.classList.toggle("dead", layer.dead[u] === 1);
        button.classList.toggle("saturated", layer.dead[u] !== 1 && layer.saturation[u]! >= 0.9);
        const where = l === 0 ? `input ${label}` : `${layer.name === "output" ? "output" : `hidden layer ${l}`} unit ${label} (${layer.activation})`;
        const text = `${where}${state ? `, ${state.split(":")[0]}` : ""}`;
        if (button.getAttribute("aria-label") !== text) button.setAttribute("aria-label", text);
        if (!layer.maps) return;
        const canvas = this.canvases[l]![u]!;
        const image = new ImageData(r, r);
        for (let p = 0; p < r * r; p++) {
          const [red, green, blue] = diverging(scale(layer.maps[u * r * r + p]!));
          image.data[4 * p] = red;
          image.data[4 * p + 1] = green;
          image.data[4 * p + 2] = blue;
          image.data[4 * p + 3] = 255;
        }
        canvas.getContext("2d")!.putImageData(image, 0, 0);
      });
    });
    const widest = view.maxWeight > 0 ? view.maxWeight : 1;
    view.weights.forEach((w, l) => {
      const lines = this.links[l]!;
      for (let k = 0; k < w.length; k++) {
        const v = w[k]!;
        const line = lines[k]!;
        line.setAttribute("stroke", v >= 0 ? `rgb(${POSITIVE.join(",")})` : `rgb(${NEGATIVE.join(",")})`);
        line.setAttribute("stroke-width", (0.4 + 4 * (Math.abs(v) / widest)).toFixed(2));
        line.dataset.weight = String(v);
      }
    });
    this.highlight();
  }

  /** The lines into and out of the unit pointed at (or focused) stand out. */
  private highlight(): void {
    const f = this.pointed ?? this.focused;
    this.container.classList.toggle("picking", f !== null);
    this.links.forEach((lines, l) => {
      const to = this.view?.layers[l + 1]?.shown ?? 0;
      lines.forEach((line, k) => {
        const i = Math.floor(k / to);
        const j = k % to;
        const lit = f !== null && ((f[0] === l && f[1] === i) || (f[0] === l + 1 && f[1] === j));
        line.classList.toggle("lit", lit);
      });
    });
  }

  /** What the readout says: the hovered line's weight, the focused unit's bias, state and incoming weights, or how to read it. */
  private showReadout(): void {
    this.highlight();
    const view = this.view;
    const text = (() => {
      if (!view) return "";
      if (this.hovered) {
        const [l, i, j] = this.hovered;
        const to = view.layers[l + 1]!;
        const w = view.weights[l]?.[i * to.shown + j];
        if (w === undefined) return "";
        return `Weight from ${view.layers[l]!.labels[i]} to ${to.labels[j]}: ${formatNumber(w)}.`;
      }
      const unit = this.pointed ?? this.focused;
      if (unit) {
        const [l, u] = unit;
        const layer = view.layers[l];
        if (!layer || u >= layer.shown) return "";
        if (l === 0) return `Input ${layer.labels[u]}: its heat map is the (normalized) feature over the plane.`;
        const from = view.layers[l - 1]!;
        const w = view.weights[l - 1]!;
        const incoming = from.labels.map((name, i) => `${name} ${formatNumber(w[i * layer.shown + u]!)}`).join(", ");
        const state = stateWords(layer, u);
        const more = from.shown < from.units ? ` (and ${from.units - from.shown} more)` : "";
        return `${layer.labels[u]} (${layer.activation}): bias ${formatNumber(layer.bias[u]!)}; weights in: ${incoming}${more}.${state ? ` ${state[0]!.toUpperCase()}${state.slice(1)}.` : ""}`;
      }
      return "Hover a line to read its weight; focus or hover a unit for its bias and incoming weights.";
    })();
    if (this.readout.textContent !== text) this.readout.textContent = text;
  }
}
