/**
 * A calendar date typed or picked, always YYYY-MM-DD (the platform's one date format, whatever the
 * browser's locale); "2026/9/1" and "2026.9.1" are understood too. The value is the string.
 */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { ControlProps } from './form.tsx';

dayjs.extend(customParseFormat);

const FORMATS = ['YYYY-MM-DD', 'YYYY/M/D', 'YYYY.M.D', 'YYYYMMDD'];

export function DateInput({
  value,
  onChange,
  onBlur,
  ...aria
}: ControlProps & { value: string; onChange: (value: string) => void; onBlur?: () => void }) {
  const parsed = value ? dayjs(value, 'YYYY-MM-DD', true) : null;
  return (
    <DatePicker
      {...aria}
      className="date-input"
      format={FORMATS}
      placeholder="YYYY-MM-DD"
      value={parsed?.isValid() ? parsed : null}
      onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : '')}
      onBlur={onBlur}
      allowClear
    />
  );
}
