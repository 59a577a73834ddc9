/**
 * The `ceyuan` command line. Each command lives in its own file under commands/ and registers
 * itself here; this file only wires them together and maps errors to exit codes.
 */
import { Command } from 'commander';
import { CeyuanError, InputError } from '../core/errors.ts';
import { registerAudit } from './commands/audit.ts';
import { registerBench } from './commands/bench.ts';
import { registerCalc } from './commands/calc.ts';
import { registerCatalogue } from './commands/catalogue.ts';
import { registerExplain } from './commands/explain.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerImport } from './commands/import.ts';
import { registerPlan } from './commands/plan.ts';
import { registerSchema } from './commands/schema.ts';
import { registerScreen } from './commands/screen.ts';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';

const program = new Command('ceyuan')
  .description('策源 Ceyuan — Songjiang / G60 innovation policy platform')
  .showHelpAfterError();

registerCatalogue(program);
registerCalc(program);
registerExplain(program);
registerGenerate(program);
registerBench(program);
registerSimulate(program);
registerScreen(program);
registerSchema(program);
registerServe(program);
registerImport(program);
registerAudit(program);
registerPlan(program);

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
