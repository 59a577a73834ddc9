/**
 * The one look: Ant Design's default algorithm with the platform's blue and text colours dark enough
 * for WCAG AA (4.5:1 on white; antd's default secondary text, 45% black, is 3.4:1 and axe fails it).
 */
import type { ThemeConfig } from 'antd';

export const BRAND = '#0b5cad';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND,
    colorLink: BRAND,
    colorInfo: BRAND,
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#95de64',
    colorWarning: '#874d00',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffd666',
    colorError: '#b42318',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffa39e',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorTextSecondary: 'rgba(0, 0, 0, 0.72)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.64)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.56)',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      headerBg: BRAND,
      headerHeight: 56,
      headerPadding: '0 16px',
      siderBg: '#fff',
      bodyBg: '#f4f6f9',
    },
    Menu: { itemSelectedColor: BRAND },
  },
};
