/**
 * The funnel series of ECharts, registered on the platform's one ECharts (components/echarts-setup.ts)
 * by the funnel page only: imported lazily, so it lands in this page's chunk and no other page loads it.
 */
import { FunnelChart } from 'echarts/charts';
import { use } from 'echarts/core';

use([FunnelChart]);
