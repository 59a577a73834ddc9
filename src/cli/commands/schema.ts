/** `ceyuan schema`: the calculator's input contract as JSON Schema (kept in docs/calc-input.schema.json). */
import type { Command } from 'commander';
import { z } from 'zod';
import { catalogueAndEngine } from '../context.ts';

export function calcInputJsonSchema(): unknown {
  const { engine } = catalogueAndEngine();
  return {
    ...z.toJSONSchema(engine.schema, { io: 'input', unrepresentable: 'any' }),
    title: 'Ceyuan calculator input / 策源政策测算输入',
    description:
      'An applicant, the matters it asks about, the date, its grant history and optional simulation. Money is integer fen (分); dates are YYYY-MM-DD in Asia/Shanghai.',
  };
}

/** Configures `ceyuan schema` on the command main.ts made (name and summary live there). */
export function registerSchema(command: Command): void {
  command.action(() => {
    process.stdout.write(`${JSON.stringify(calcInputJsonSchema(), null, 2)}\n`);
  });
}
