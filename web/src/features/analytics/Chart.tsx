import { useEffect, useRef } from 'react';
import type { EChartsOption } from 'echarts';

/** A plain ECharts chart; echarts is imported here only, in the analytics chunk that loads with these pages. */
export function Chart({ option, height = 280, onClick }: { option: EChartsOption; height?: number; onClick?: (dataIndex: number, seriesIndex: number) => void }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: import('echarts').ECharts | undefined;
    const onResize = () => chart?.resize();
    void import('echarts').then((echarts) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current);
      chart.setOption(option);
      if (onClick) chart.on('click', (p) => onClick(p.dataIndex, p.seriesIndex ?? 0));
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option, onClick]);
  return <div ref={el} style={{ width: '100%', height }} />;
}
