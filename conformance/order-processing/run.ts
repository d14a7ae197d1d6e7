import type { CommonRunOptions } from '../engine.ts';
import type { KitReport } from '../report/types.ts';

export const orderProcessingApi = 'order-processing';
export interface OrderProcessingRunOptions extends CommonRunOptions {
  readonly api: 'order-processing';
}
export async function runOrderProcessing(_options: OrderProcessingRunOptions): Promise<KitReport> {
  throw new Error('todo');
}
