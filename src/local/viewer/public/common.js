// Helpers shared by the viewer's pages (plain DOM, no framework).
'use strict';

/** An element with attributes and children (strings become text). */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'style') element.style.cssText = value;
    else element.setAttribute(name, value);
  }
  for (const child of children) if (child !== undefined && child !== null) element.append(child);
  return element;
}

/** GET a JSON document; rejects with the server's error text. */
async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `${url}: HTTP ${response.status}`);
  return body;
}

/** The proxy URL of an object of the local S3 server. */
function objectUrl(bucket, key) {
  return `/s3/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** A video's status in words: stalled with its reason first. */
function describeState(status) {
  const state = status.state.replace(/-/g, ' ').replace(/_/g, ' ');
  return status.stalled ? `stalled (${state}): ${status.stalled.reason}` : state;
}

/** The edge video's state in words. */
function describeEdgeVideo(edge) {
  if (!edge) return '';
  switch (edge.state) {
    case 'waiting-for-plan': return 'waiting for its plan';
    case 'planned': return `encoding: ${edge.segmentsDone}/${edge.segments} segments`;
    case 'joining': return 'joining';
    case 'joined': return `ready (${Math.round(edge.bytes / 1024)} KiB)`;
    default: return `${edge.state}: ${edge.reason}`;
  }
}

/** Runs `work` now and then every `ms` until it returns false; never two at once. */
function poll(work, ms) {
  let stopped = false;
  const tick = async () => {
    let again = true;
    try { again = (await work()) !== false; } catch (error) { again = true; console.error(error); }
    if (again && !stopped) setTimeout(tick, ms);
  };
  tick();
  return () => { stopped = true; };
}
