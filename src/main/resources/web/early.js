// The first panes listing, asked for as soon as the page arrives. index.html loads this module by its own script tag
// ahead of app.js, so it runs while the other modules (xterm.js above all) are still being fetched and parsed; app.js
// imports the same module instance and finds the answer there, often already come.
import { api } from './api.js';

export const firstPanes = api.panes();
firstPanes.catch(() => {}); // app.js handles the failure when it awaits this; until then it is no unhandled one
