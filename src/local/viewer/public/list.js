// The video list: every video of the tracking table with its progress, polled twice a second.
'use strict';

const body = document.querySelector('#videos tbody');
const listStatus = document.getElementById('list-status');

function progressBar(status) {
  const total = status.totalFrames || Math.max(1, status.processedFrames + status.failedFrames);
  const percent = (count) => `width:${Math.min(100, (100 * count) / total)}%`;
  const of = status.totalFrames === undefined ? 'total not known yet' : `of ${status.totalFrames}`;
  return h('td', {},
    h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': status.processedFrames + status.failedFrames },
      h('div', { class: 'processed', style: percent(status.processedFrames) }), h('div', { class: 'failed', style: percent(status.failedFrames) })),
    h('span', { class: 'count' }, `${status.processedFrames} processed, ${status.failedFrames} failed, ${of}`));
}

function row(status) {
  const link = h('a', { href: `/video?id=${encodeURIComponent(status.videoId)}` }, status.videoId);
  return h('tr', { 'data-video': status.videoId, 'data-state': status.state },
    h('td', {}, link),
    progressBar(status),
    h('td', { class: status.stalled ? 'stalled' : 'state' }, describeState(status)),
    h('td', {}, status.totalSource || ''),
    h('td', {}, describeEdgeVideo(status.edgeVideo)));
}

poll(async () => {
  try {
    const videos = await getJson('/api/videos');
    body.replaceChildren(...videos.map(row));
    listStatus.textContent = videos.length === 0 ? 'No videos yet: upload frames to the input bucket, or drop them above.' : '';
    listStatus.className = 'note';
  } catch (error) {
    listStatus.textContent = `The list cannot be read: ${error.message}`;
    listStatus.className = 'error';
  }
}, 500);
