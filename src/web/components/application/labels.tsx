/** Workflow states and actions in words (the core's labels, src/core/workflow.ts), as tags. */
import { Tag } from 'antd';
import {
  ACTION_LABELS,
  type ApplicationState,
  STATE_LABELS,
  type WorkflowAction,
} from '../../../core/workflow.ts';
import type { Lang } from '../../i18n/index.ts';

export function stateLabel(state: string, lang: Lang): string {
  return STATE_LABELS[state as ApplicationState]?.[lang] ?? state;
}

export function actionLabel(action: string, lang: Lang): string {
  return ACTION_LABELS[action as WorkflowAction]?.[lang] ?? action;
}

export function StateTag({ state, lang }: { state: string; lang: Lang }) {
  const color =
    state === 'rejected' || state === 'withdrawn'
      ? 'error'
      : state === 'returned'
        ? 'warning'
        : state === 'paid' || state === 'closed' || state === 'approved' || state === 'paying'
          ? 'success'
          : state === 'draft'
            ? 'default'
            : 'processing';
  return (
    <Tag color={color} data-state={state}>
      {stateLabel(state, lang)}
    </Tag>
  );
}
