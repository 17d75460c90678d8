/** First byte of linear memory that the host may use: everything below is static data. */
export function heapBase(): usize {
  return __heap_base;
}
