/** Base figures with their source, partitioned screening results and notices that carry money. */
export { down, up } from '../../screening/migration-scale.ts';
