/**
 * The report's inlined assets: uPlot's browser build and stylesheet (from the
 * npm package, embedded so the page needs no network) and the page script.
 * @module
 */

import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };
import pageJs from "./_page.js" with { type: "text" };

/** uPlot's minified IIFE build (defines the global `uPlot`). */
export const UPLOT_JS: string = uplotJs;
/** uPlot's stylesheet. */
export const UPLOT_CSS: string = uplotCss;
/** The script that draws the charts from `#report-data`. */
export const PAGE_JS: string = pageJs;
