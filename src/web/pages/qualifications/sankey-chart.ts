/**
 * The Sankey series of ECharts, registered on the platform's one ECharts (components/echarts-setup.ts)
 * by the ladder page only: imported lazily, so it lands in this page's chunk and no other page loads it.
 */
import { SankeyChart } from 'echarts/charts';
import { use } from 'echarts/core';

use([SankeyChart]);
