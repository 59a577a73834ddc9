/**
 * The audit trail in words: an action code (`auth.login`, `application.approve`) as what happened,
 * a subject (`application:<id>`, `user:shenji`) as what it happened to, with a link where there is a
 * page for it. Workflow actions take the core's own labels (src/core/workflow.ts).
 */
import { ACTION_LABELS, type WorkflowAction } from '../../../core/workflow.ts';
import type { Lang } from '../../i18n/index.ts';

type Words = { zh: string; en: string };

export const AUDIT_ACTIONS: Record<string, Words> = {
  'auth.login': { zh: '登录', en: 'Signed in' },
  'auth.logout': { zh: '退出登录', en: 'Signed out' },
  'auth.login_failed': { zh: '登录失败', en: 'Failed sign-in' },
  'auth.lockout': { zh: '账号锁定', en: 'Account locked' },
  'auth.login_refused_locked': { zh: '锁定期间拒绝登录', en: 'Sign-in refused (locked)' },
  'auth.forbidden': { zh: '越权访问被拒绝', en: 'Access refused' },
  'auth.password_change': { zh: '修改密码', en: 'Password changed' },
  'user.create': { zh: '新建用户', en: 'User created' },
  'registry.create': { zh: '新增单位', en: 'Organisation added' },
  'registry.update': { zh: '修改单位信息', en: 'Organisation updated' },
  'registry.delete': { zh: '删除单位', en: 'Organisation deleted' },
  'registry.import': { zh: '导入名录', en: 'Registry imported' },
  'registry.generate': { zh: '生成演示名录', en: 'Synthetic registry generated' },
  'demo.seed_registry': { zh: '写入演示数据', en: 'Demo data seeded' },
  'budget.set': { zh: '设定专项资金预算', en: 'Budget set' },
  'screening.start': { zh: '启动免申即享筛查', en: 'Screening started' },
  'screening.complete': { zh: '筛查完成', en: 'Screening completed' },
  'screening.export': { zh: '导出筛查结果', en: 'Screening results exported' },
  'screening.notice.confirm': { zh: '确认免申即享通知', en: 'Notice confirmed' },
  'audit.export': { zh: '导出审计记录', en: 'Audit trail exported' },
  'attachment.upload': { zh: '上传附件', en: 'File uploaded' },
  'attachment.remove': { zh: '删除附件', en: 'File removed' },
  'guide.fill': { zh: '补录办事指南', en: 'Service guide filled in' },
  'notice.objection_filed': { zh: '公众提出异议', en: 'Objection filed by the public' },
  'application.create': { zh: '创建申报', en: 'Application created' },
  'application.edit': { zh: '修改申报', en: 'Application edited' },
};

export function actionWords(action: string, lang: Lang): string {
  const own = AUDIT_ACTIONS[action];
  if (own) return own[lang];
  if (action.startsWith('application.')) {
    const wf = ACTION_LABELS[action.slice('application.'.length) as WorkflowAction];
    if (wf) return `${lang === 'zh' ? '申报：' : 'Application: '}${wf[lang]}`;
  }
  return action;
}

export interface SubjectWords {
  kind: Words;
  id: string;
  /** The page about it, if there is one. */
  link: string | null;
}

const KINDS: Record<string, Words> = {
  application: { zh: '申报', en: 'Application' },
  attachment: { zh: '附件', en: 'File' },
  budget: { zh: '预算', en: 'Budget' },
  measure: { zh: '措施', en: 'Measure' },
  organisation: { zh: '单位', en: 'Organisation' },
  screening_run: { zh: '筛查', en: 'Screening run' },
  user: { zh: '用户', en: 'User' },
};

export function subjectWords(subject: string | null): SubjectWords | null {
  if (!subject) return null;
  const i = subject.indexOf(':');
  if (i < 0 || subject.startsWith('GET ') || subject.startsWith('POST '))
    return { kind: { zh: '请求', en: 'Request' }, id: subject, link: null };
  const type = subject.slice(0, i);
  const id = subject.slice(i + 1);
  const kind = KINDS[type] ?? { zh: type, en: type };
  const link =
    type === 'application'
      ? `/review/${id}`
      : type === 'screening_run'
        ? `/screening/${id}`
        : type === 'measure'
          ? `/catalogue/${encodeURIComponent(id)}`
          : null;
  return { kind, id, link };
}
