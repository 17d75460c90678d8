// How the default QP was chosen, reproducibly: PSNR-Y of every frame and the bitrate at several
// QPs, over panning sequences made from a folder of photographs (e.g. Debian's
// lomiri-wallpapers-16.04, see ../shared/README.md). One GOP per sequence (IDR, then P pictures).
//   npm run build && node dist/bench/h264-qp-sweep.js --photos /tmp/w/usr/share/backgrounds \
//     --size 1920x1080 --frames 30 --qps 26,28,30 [--blur 8]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WasmH264Encoder } from '../src/video/h264/encoder';
import { H264Module } from '../src/video/h264/module';
import { panningEdgeMaps, psnr, type EdgeMap } from './h264-sequence';
import { median } from './stats';

interface Sweep {
  photos: string;
  width: number;
  height: number;
  frames: number;
  qps: number[];
  blur: number;
}

function parse(argv: string[]): Sweep {
  const get = (flag: string, fallback?: string) => {
    const at = argv.indexOf(flag);
    const value = at >= 0 ? argv[at + 1] : fallback;
    if (value === undefined) throw new Error(`${flag} is required`);
    return value;
  };
  const [width, height] = get('--size', '1920x1080').split('x').map(Number);
  return { photos: get('--photos'), width, height, frames: Number(get('--frames', '30')), qps: get('--qps', '28').split(',').map(Number), blur: Number(get('--blur', '8')) };
}

function encodeSequence(maps: EdgeMap[], qp: number): { bytes: number; psnrs: number[] } {
  const { width, height } = maps[0];
  const encoder = new WasmH264Encoder({ width, height, qp, keyframeInterval: maps.length }, H264Module.instance());
  let bytes = 0;
  const psnrs = maps.map((map, i) => {
    bytes += encoder.encode(map.plane, i).data.length;
    return psnr(map.plane, width, height, encoder.reconstruction(), encoder.width);
  });
  encoder.close();
  return { bytes, psnrs };
}

async function main(): Promise<void> {
  const sweep = parse(process.argv.slice(2));
  const files = readdirSync(sweep.photos).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const results = new Map(sweep.qps.map((qp) => [qp, { psnrs: [] as number[], bytes: 0, frames: 0, worst: '' }]));
  for (const file of files) {
    const maps = await panningEdgeMaps(join(sweep.photos, file), sweep.width, sweep.height, sweep.frames, sweep.blur);
    for (const qp of sweep.qps) {
      const { bytes, psnrs } = encodeSequence(maps, qp);
      const r = results.get(qp)!;
      if (Math.min(...psnrs) < Math.min(Infinity, ...r.psnrs)) r.worst = file;
      r.psnrs.push(...psnrs);
      r.bytes += bytes;
      r.frames += psnrs.length;
      process.stderr.write(`${file} QP ${qp}: worst frame ${Math.min(...psnrs).toFixed(2)} dB\n`);
    }
  }
  const { width, height } = { width: sweep.width - 2, height: sweep.height - 2 };
  console.log(`${width}x${height} edge maps (blur modifier ${sweep.blur}), ${files.length} photos x ${sweep.frames} frames, one GOP each`);
  for (const [qp, r] of results) {
    const mbps = (r.bytes * 8 * 30) / r.frames / 1e6;
    console.log(`QP ${qp}: PSNR-Y worst frame ${Math.min(...r.psnrs).toFixed(2)} dB (${r.worst}), median ${median(r.psnrs).toFixed(2)} dB; ${mbps.toFixed(2)} Mbit/s at 30 frames/s`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`h264-qp-sweep: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
