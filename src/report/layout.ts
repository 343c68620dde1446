/** The plotting area inside a chart, in px. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const right = (box: Box) => box.left + box.width;
export const bottom = (box: Box) => box.top + box.height;

/** Line heights used to stack the parts above a plot (title, legend rows, marker labels). */
export const TITLE_HEIGHT = 22;
export const LEGEND_ROW = 18;
export const MARKER_ROW = 14;
