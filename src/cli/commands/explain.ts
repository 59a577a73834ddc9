/** `ceyuan explain MEASURE_ID`: the clause, its rule in words, and a worked example run through the engine. */
import type { Command } from 'commander';
import { calculate, citation, parseCalcInput } from '../../core/engine/calculate.ts';
import { CeyuanError } from '../../core/errors.ts';
import { describeMeasure, exampleInput } from '../../core/explain.ts';
import { catalogueAndEngine, today } from '../context.ts';
import { parseLang } from '../format.ts';

/** Configures `ceyuan explain` on the command main.ts made (name and summary live there). */
export function registerExplain(command: Command): void {
  command
    .argument('<measureId>', 'e.g. 000·二 or 001·十七·会议')
    .option('--lang <lang>', 'zh (default) or en')
    .action((id: string, opts: { lang?: string }) => {
      const { catalogue, engine } = catalogueAndEngine();
      const lang = parseLang(opts.lang);
      const m = catalogue.byId.get(id);
      if (!m) {
        throw new CeyuanError('NOT_FOUND', {
          zh: `没有编号为 ${id} 的措施；用 ceyuan catalogue 查看全部编号`,
          en: `no measure ${id}; ceyuan catalogue lists every id`,
        });
      }
      const d = describeMeasure(m, catalogue);
      const zh = lang === 'zh';
      const out: string[] = [
        `${m.id}  ${m.title[lang]}`,
        `${citation(m)[lang]} · ${d.validity[lang]}`,
        '',
        zh ? '【条款原文】' : '[Clause, verbatim]',
        m.quote,
        '',
        zh ? '【规则】' : '[Rule]',
        ...d.who.map((t) => `  · ${t[lang]}`),
        ...d.what.map((t) => `  · ${t[lang]}`),
        `  · ${d.benefit[lang]}`,
        ...(d.period ? [`  · ${d.period[lang]}`] : []),
        ...(d.stages ? [`  · ${d.stages[lang]}`] : []),
        ...(d.overlap ? [`  · ${d.overlap[lang]}`] : []),
        ...(d.readings.length > 0
          ? [
              '',
              zh ? '【口径说明】（本目录对条文的理解）' : '[Readings of the text]',
              ...d.readings.flatMap((r) => [`  「${r.quote}」`, `    ${r.text[lang]}`]),
            ]
          : []),
      ];
      if (m.example) {
        const x = m.example;
        const input = parseCalcInput(engine, exampleInput(x), today());
        const e = calculate(engine, input).evaluations.find((v) => v.measureId === m.id)!;
        out.push(
          '',
          zh ? `【算例】${x.title.zh}` : `[Worked example] ${x.title.en}`,
          ...e.reasons.map((r) => `  ${r[lang]}`),
        );
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
