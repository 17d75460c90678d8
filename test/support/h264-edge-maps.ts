// Real edge maps for the H.264 tests: the benchmark's own generator (photographs through
// frame-processor's pipeline, slowly panning sequences and fast straight moves made from them).
export { edgeMapOf, movingEdgeMaps, panningEdgeMaps, type EdgeMap } from '../../bench/h264-sequence';
