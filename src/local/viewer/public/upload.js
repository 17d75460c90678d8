// Uploads: a folder of JPEG frames or one video file, dropped on the page or chosen, sent as one
// form to /api/upload; the server checks every file before it writes any.
'use strict';

const zone = document.getElementById('upload');
const idInput = document.getElementById('video-id');
const rateInput = document.getElementById('frame-rate');
const uploadStatus = document.getElementById('upload-status');
const ffmpegNote = document.getElementById('ffmpeg-note');
const videoInput = document.getElementById('video-input');
let videoUploadProblem = null;

getJson('/api/capabilities').then((capabilities) => {
  videoUploadProblem = capabilities.videoUploadProblem;
  if (!videoUploadProblem) return;
  ffmpegNote.textContent = `Video files cannot be uploaded here: ${videoUploadProblem}.`;
  ffmpegNote.hidden = false;
  videoInput.disabled = true;
  document.getElementById('video-button').classList.add('disabled');
});

function say(text, isError) {
  uploadStatus.textContent = text;
  uploadStatus.className = isError ? 'error' : 'note';
}

/** A video id from a folder or file name: its base name, with what an id cannot hold replaced. */
function idFrom(name) {
  return name.replace(/\.[^.\/]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'upload';
}

async function upload(files, name) {
  if (files.length === 0) return say(`${name}: nothing to upload (an empty folder?)`, true);
  const single = files.length === 1 && !/\.jpe?g$/i.test(files[0].name);
  if (single && videoUploadProblem) return say(`${files[0].name}: ${videoUploadProblem}`, true);
  const videoId = idInput.value.trim() || idFrom(name);
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  say(`uploading ${single ? `the video ${files[0].name}` : `${files.length} frames`} as ${videoId}...`);
  const query = new URLSearchParams({ video: videoId, frameRate: rateInput.value });
  try {
    const response = await fetch(`/api/upload?${query}`, { method: 'POST', body: form });
    const result = await response.json();
    if (!response.ok) return say(`Upload refused: ${result.error}`, true);
    say(`${result.videoId}: ${result.frames} frames at ${result.frameRate} fps uploaded with its capture.json; it appears below as it is processed.`);
    idInput.value = '';
  } catch (error) {
    say(`Upload failed: ${error.message}`, true);
  }
}

/** Every file directly in a dropped folder (readEntries answers in batches). */
async function folderFiles(directory) {
  const reader = directory.createReader();
  const entries = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  const files = entries.filter((entry) => entry.isFile);
  return Promise.all(files.map((entry) => new Promise((resolve, reject) => entry.file(resolve, reject))));
}

zone.addEventListener('dragover', (event) => {
  event.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', async (event) => {
  event.preventDefault();
  zone.classList.remove('over');
  const items = [...event.dataTransfer.items].filter((item) => item.kind === 'file');
  const entries = items.map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
  if (entries.length === 1 && entries[0] && entries[0].isDirectory) return upload(await folderFiles(entries[0]), entries[0].name);
  const files = [...event.dataTransfer.files];
  if (files.length === 0) return say('Nothing to upload: drop a folder of frames or one video file', true);
  upload(files, files.length === 1 ? files[0].name : 'upload');
});

document.getElementById('folder-input').addEventListener('change', (event) => {
  const files = [...event.target.files];
  // The folder's own files only: its name is the first part of each relative path.
  const folder = files.length > 0 ? files[0].webkitRelativePath.split('/')[0] : 'upload';
  upload(files.filter((file) => file.webkitRelativePath.split('/').length === 2), folder);
  event.target.value = '';
});
videoInput.addEventListener('change', (event) => {
  const file = event.target.files[0];
  if (file) upload([file], file.name);
  event.target.value = '';
});
