/** First byte of linear memory the host may use (everything below is the module's static data). */
export function h264HeapBase(): usize {
  return __heap_base;
}
