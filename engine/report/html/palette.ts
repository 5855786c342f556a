/** Colour-blind-aware categorical colours (Tableau 10). */
const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Plans and targets drawn over a chart: dark, so they read as a reference line. */
const OVERLAY_COLOURS = ['#1f2933', '#7b8794', '#9a3412'];

/** One colour per series value or column across the whole report: a segment keeps its colour in every chart. */
export class Palette {
  private readonly assigned = new Map<string, string>();
  private readonly overlays = new Map<string, string>();

  colour(key: string): string {
    return pick(this.assigned, key, COLOURS);
  }

  overlayColour(key: string): string {
    return pick(this.overlays, key, OVERLAY_COLOURS);
  }
}

function pick(assigned: Map<string, string>, key: string, colours: string[]): string {
  let colour = assigned.get(key);
  if (!colour) assigned.set(key, (colour = colours[assigned.size % colours.length]));
  return colour;
}

/** `#rrggbb` with an opacity, for filled areas and bars behind lines. */
export const withOpacity = (colour: string, opacity: number): string =>
  `${colour}${Math.round(opacity * 255)
    .toString(16)
    .padStart(2, '0')}`;
