// Chart.js as the console draws with it: registered once, no animation, the page's font.
import { Chart, registerables } from 'chart.js';

Chart.register(...registerables);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;

export { Chart };

export const PALETTE = ['#2f7dd1', '#e8a33d', '#3c9d5d', '#b3261e', '#7a5ab8', '#1f4e79', '#c2527a', '#5b6b7c', '#8fb339', '#d66f2e'];
