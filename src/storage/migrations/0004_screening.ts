/** Screening runs, results and the notices inbox; the schema lives beside the code that uses it. */
export { down, up } from '../../screening/migration.ts';
