/**
 * The `ceyuan` command line. Each command lives in its own file under commands/; this file names
 * them, loads only the one being run (so `ceyuan calc` does not load the web server, the database or
 * the screening kernels) and maps errors to exit codes. `ceyuan --help` lists the commands from the
 * table below without loading any of them.
 */
import { Command } from 'commander';
import { CeyuanError, InputError } from '../core/errors.ts';

type Register = (command: Command) => void;

/** name → one-line summary and how to load its module. Adding a command is one line here. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Register> }> = {
  catalogue: {
    summary: 'list every measure of the catalogue / 列出全部政策措施',
    load: () => import('./commands/catalogue.ts').then((m) => m.registerCatalogue),
  },
  calc: {
    summary: 'what one applicant is entitled to, and why / 政策测算',
    load: () => import('./commands/calc.ts').then((m) => m.registerCalc),
  },
  explain: {
    summary: 'a measure: its clause, its rule in words, a worked example / 措施解读',
    load: () => import('./commands/explain.ts').then((m) => m.registerExplain),
  },
  generate: {
    summary: '生成合成主体名录 / generate a synthetic registry (deterministic from the seed)',
    load: () => import('./commands/generate.ts').then((m) => m.registerGenerate),
  },
  bench: {
    summary:
      '性能基准 / benchmarks: stored runs end to end, file → screen, kernel, peers, scaling, calculator, matching (asserts nothing)',
    load: () => import('./commands/bench.ts').then((m) => m.registerBench),
  },
  simulate: {
    summary: '政策模拟 / what-if: screen the registry under the catalogue and under a change',
    load: () => import('./commands/simulate.ts').then((m) => m.registerSimulate),
  },
  screen: {
    summary:
      '筛查 / screen organisations against the measures in force (in memory, or as a stored run with --db)',
    load: () => import('./commands/screen.ts').then((m) => m.registerScreen),
  },
  schema: {
    summary: 'print the calculator input JSON Schema / 输出测算输入的 JSON Schema',
    load: () => import('./commands/schema.ts').then((m) => m.registerSchema),
  },
  serve: {
    summary: 'start the HTTP API and web UI / 启动服务',
    load: () => import('./commands/serve.ts').then((m) => m.registerServe),
  },
  import: {
    summary: 'import organisations from CSV or Excel (.xlsx) / 导入单位名录',
    load: () => import('./commands/import.ts').then((m) => m.registerImport),
  },
  audit: {
    summary: 'the hash-chained audit trail / 审计日志',
    load: () => import('./commands/audit.ts').then((m) => m.registerAudit),
  },
  matching: {
    summary: '双向发榜 matching: evaluation and benchmark',
    load: () => import('./commands/matching.ts').then((m) => m.registerMatching),
  },
  plan: {
    summary: '十五五 plan monitoring (003) / 规划监测',
    load: () => import('./commands/plan.ts').then((m) => m.registerPlan),
  },
  qualifications: {
    summary: 'tier and qualification ledger: check the data, daily scan / 资质台账',
    load: () => import('./commands/qualifications.ts').then((m) => m.registerQualifications),
  },
};

/** The command the arguments name: the first word (or the word after `help`), if it is one of ours. */
function commandNamed(argv: readonly string[]): string | null {
  const words = argv.filter((a) => !a.startsWith('-'));
  const first = words[0] === 'help' ? words[1] : words[0];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? first : null;
}

const program = new Command('ceyuan')
  .description('策源 Ceyuan — Songjiang / G60 innovation policy platform')
  .showHelpAfterError();

const running = commandNamed(process.argv.slice(2));
for (const [name, { summary, load }] of Object.entries(COMMANDS)) {
  const command = program.command(name).description(summary);
  // Only the command being run gets its options, arguments and action; the others are listed.
  if (name === running) (await load())(command);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof InputError) {
    for (const issue of error.issues)
      process.stderr.write(`${issue.path}: ${issue.zh} / ${issue.en} [${issue.rule}]\n`);
    process.exitCode = 2;
  } else if (error instanceof CeyuanError) {
    process.stderr.write(`${error.code}: ${error.text.zh}\n${error.text.en}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
