// A video's page: the edge video beside the source frames as a flipbook at the same frame. The
// frame shown is round(currentTime * frameRate) + the first frame's index; seeking the video moves
// the flipbook, and the slider or the timeline seeks the video. Failed and filled frames are
// marked on the timeline. Polls the video's status until its edge video is decided.
'use strict';

const videoId = new URLSearchParams(location.search).get('id') || '';
const edges = document.getElementById('edges');
const flipbook = document.getElementById('flipbook');
const scrub = document.getElementById('scrub');
const timeline = document.getElementById('timeline');
const playhead = document.getElementById('playhead');
const view = { frameRate: 30, first: 0, count: 0, keys: new Map(), position: -1, marked: false };

document.getElementById('title').textContent = videoId;
document.title = `frame-processor: ${videoId}`;

/** Shows the source frame at `position` (0-based from the first frame) in the flipbook. */
function showFrame(position) {
  position = Math.max(0, Math.min(view.count - 1, position));
  if (position === view.position || view.count === 0) return;
  view.position = position;
  const index = view.first + position;
  const key = view.keys.get(index);
  flipbook.dataset.index = String(index);
  if (key) flipbook.src = objectUrl('raw-frames', key);
  else flipbook.removeAttribute('src');
  document.getElementById('frame-caption').textContent = key ? `source frame ${index}: raw-frames/${key}` : `source frame ${index}: not in the input bucket`;
  scrub.value = String(position);
  playhead.style.left = `${(100 * position) / Math.max(1, view.count)}%`;
}

function positionOfTime(seconds) {
  return Math.round(seconds * view.frameRate);
}

function seekTo(position) {
  showFrame(position);
  if (edges.src) edges.currentTime = position / view.frameRate;
}

function follow() {
  showFrame(positionOfTime(edges.currentTime));
  if (!edges.paused && !edges.ended) edges.requestVideoFrameCallback(follow);
}
edges.addEventListener('seeked', () => showFrame(positionOfTime(edges.currentTime)));
edges.addEventListener('timeupdate', () => showFrame(positionOfTime(edges.currentTime)));
edges.addEventListener('play', () => edges.requestVideoFrameCallback(follow));
flipbook.addEventListener('error', () => {
  if (flipbook.getAttribute('src')) document.getElementById('frame-caption').textContent += ' (the browser cannot show this file)';
});
scrub.addEventListener('input', () => seekTo(Number(scrub.value)));
timeline.addEventListener('click', (event) => {
  const box = timeline.getBoundingClientRect();
  seekTo(Math.floor(((event.clientX - box.left) / box.width) * view.count));
});

function mark(kind, position, title) {
  const width = 100 / Math.max(1, view.count);
  timeline.append(h('div', { class: `mark ${kind}`, title, style: `left:${position * width}%;width:max(2px, ${width}%)` }));
}

/** Failed frames (video.json's failedFrames) and filled frames (its edgeVideo.fills), once. */
function markTimeline(record) {
  if (view.marked || !record) return;
  view.marked = true;
  for (const key of record.failedFrames || []) {
    const match = /(\d+)\.jpe?g$/i.exec(key);
    if (match) mark('failed', Number(match[1]) - view.first, `failed: ${key}`);
  }
  for (const fill of (record.edgeVideo && record.edgeVideo.fills) || []) mark('filled', fill.index, `frame ${fill.index + view.first} shows frame ${fill.frame + view.first}'s edge map`);
}

function summary(status, record) {
  const total = status.totalFrames === undefined ? 'total not known yet' : `${status.totalFrames} frames at ${status.frameRate || view.frameRate} fps, total from ${status.totalSource}`;
  return `${describeState(status)}: ${status.processedFrames} processed, ${status.failedFrames} failed; ${total}` + (record && record.edgeVideo ? '' : `; edge video ${describeEdgeVideo(status.edgeVideo) || 'not started'}`);
}

function links(record) {
  const items = [h('a', { href: objectUrl('processed-frames', `${videoId}/video.json`) }, 'video.json')];
  if (record && record.edgeVideo && record.edgeVideo.status === 'created') items.push(' · ', h('a', { href: objectUrl('processed-frames', `${videoId}/edges.mp4`) }, 'edges.mp4'));
  document.getElementById('links').replaceChildren(...(record ? items : ['video.json and edges.mp4 appear once the video completes']));
}

poll(async () => {
  let detail;
  try {
    detail = await getJson(`/api/video?id=${encodeURIComponent(videoId)}`);
  } catch (error) {
    document.getElementById('summary').replaceChildren(h('span', { class: 'error' }, error.message));
    return true;
  }
  const { status, frames, record } = detail;
  view.frameRate = (record && record.frameRate) || status.frameRate || 30;
  view.first = status.firstFrameIndex ?? (record ? record.firstFrameIndex : undefined) ?? (frames.length > 0 ? frames[0].index : 0);
  view.keys = new Map(frames.map((frame) => [frame.index, frame.key]));
  view.count = status.totalFrames || frames.length;
  scrub.max = String(Math.max(0, view.count - 1));
  document.getElementById('summary').textContent = summary(status, record);
  links(record);
  if (view.position < 0) showFrame(0);
  const edge = record && record.edgeVideo;
  if (!edge) return true;
  markTimeline(record);
  if (edge.status === 'created') {
    edges.src = objectUrl('processed-frames', `${videoId}/edges.mp4`);
    document.getElementById('edges-caption').textContent = `edge video: ${edge.width}x${edge.height}, ${edge.frames} frames, ${edge.codec}, ${edge.fillCount} filled`;
  } else {
    document.getElementById('edges-caption').textContent = `no edge video (${edge.status}): ${edge.reason}`;
  }
  return false;
}, 1000);
