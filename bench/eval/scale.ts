// Placeholder replaced below.
export async function runScale(_args: string[]): Promise<void> {
  throw new Error('--scale: not built yet');
}
