export async function runMatchingBench(): Promise<void> {}
