// Real edge maps for the H.264 tests: the benchmark's own generator (photographs through
// frame-processor's pipeline, and slowly panning sequences made from them).
export { edgeMapOf, panningEdgeMaps, type EdgeMap } from '../../bench/h264-sequence';
