/*
 * A second H.264 decoder for the tests: Cisco's OpenH264 (Debian's libopenh264-dev) behind a tiny
 * command line. Reads an Annex B byte stream from stdin, writes every decoded picture's luma
 * (cropped size, row after row, no padding) to stdout, and one summary line to stderr:
 *   openh264: <frames> frames <width>x<height>
 * Error concealment is off, so a stream the decoder finds wrong fails instead of being patched
 * up: any decoding state other than "error free" ends the run with exit status 2 and a line
 * naming the NAL unit and the state. Exit status 1: usage, input or memory trouble.
 * Built by test/support/openh264.ts with the machine's gcc: gcc -O2 -o ... this.c -lopenh264
 * see: wels/codec_api.h (ISVCDecoder, DecodeFrameNoDelay), ITU-T H.264 Annex B (start codes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wels/codec_api.h>

static unsigned char *read_all(FILE *in, size_t *length) {
  size_t capacity = 1 << 20, used = 0;
  unsigned char *data = malloc(capacity);
  while (data) {
    used += fread(data + used, 1, capacity - used, in);
    if (used < capacity) break;
    capacity *= 2;
    unsigned char *grown = realloc(data, capacity);
    if (!grown) free(data);
    data = grown;
  }
  if (data && ferror(in)) {
    free(data);
    data = NULL;
  }
  *length = used;
  return data;
}

/* Offset of the next 00 00 01 start code at or after `from`, or `length` when there is none. */
static size_t next_start_code(const unsigned char *data, size_t length, size_t from) {
  for (size_t i = from; i + 2 < length; i++) {
    if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) return i;
  }
  return length;
}

static int frames = 0, width = 0, height = 0;

/* Writes the luma of a ready picture; 0, or 1 when the size changes midway. */
static int write_picture(unsigned char *planes[3], const SBufferInfo *info) {
  if (info->iBufferStatus != 1) return 0;
  const SSysMEMBuffer *picture = &info->UsrData.sSystemBuffer;
  if (frames > 0 && (picture->iWidth != width || picture->iHeight != height)) {
    fprintf(stderr, "openh264-decode: picture %d is %dx%d, the ones before %dx%d\n", frames, picture->iWidth, picture->iHeight, width, height);
    return 1;
  }
  width = picture->iWidth;
  height = picture->iHeight;
  for (int y = 0; y < height; y++) fwrite(planes[0] + (size_t)y * picture->iStride[0], 1, (size_t)width, stdout);
  frames++;
  return 0;
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc != 1) {
    fprintf(stderr, "usage: openh264-decode < stream.h264 > luma.raw\n");
    return 1;
  }
  size_t length = 0;
  unsigned char *stream = read_all(stdin, &length);
  if (!stream) {
    fprintf(stderr, "openh264-decode: cannot read stdin\n");
    return 1;
  }
  ISVCDecoder *decoder = NULL;
  if (WelsCreateDecoder(&decoder) != 0 || !decoder) {
    fprintf(stderr, "openh264-decode: WelsCreateDecoder failed\n");
    return 1;
  }
  int traceLevel = WELS_LOG_WARNING;
  (*decoder)->SetOption(decoder, DECODER_OPTION_TRACE_LEVEL, &traceLevel);
  SDecodingParam param;
  memset(&param, 0, sizeof param);
  param.sVideoProperty.eVideoBsType = VIDEO_BITSTREAM_AVC;
  param.eEcActiveIdc = ERROR_CON_DISABLE;
  if ((*decoder)->Initialize(decoder, &param) != 0) {
    fprintf(stderr, "openh264-decode: Initialize failed\n");
    return 1;
  }
  int concealment = ERROR_CON_DISABLE;
  (*decoder)->SetOption(decoder, DECODER_OPTION_ERROR_CON_IDC, &concealment);

  int status = 0, unit = 0;
  for (size_t start = next_start_code(stream, length, 0); start < length && status == 0; unit++) {
    size_t end = next_start_code(stream, length, start + 3);
    unsigned char *planes[3] = {NULL, NULL, NULL};
    SBufferInfo info;
    memset(&info, 0, sizeof info);
    DECODING_STATE state = (*decoder)->DecodeFrameNoDelay(decoder, stream + start, (int)(end - start), planes, &info);
    if (state != dsErrorFree) {
      fprintf(stderr, "openh264-decode: NAL unit %d (type %d, byte %zu): decoding state 0x%x\n", unit, stream[start + 3] & 0x1f, start, (unsigned)state);
      status = 2;
    } else {
      status = write_picture(planes, &info);
    }
    start = end;
  }
  if (status == 0) {
    unsigned char *planes[3] = {NULL, NULL, NULL};
    SBufferInfo info;
    memset(&info, 0, sizeof info);
    DECODING_STATE state = (*decoder)->DecodeFrame2(decoder, NULL, 0, planes, &info);
    if (state != dsErrorFree) {
      fprintf(stderr, "openh264-decode: end of stream: decoding state 0x%x\n", (unsigned)state);
      status = 2;
    } else {
      status = write_picture(planes, &info);
    }
  }
  (*decoder)->Uninitialize(decoder);
  WelsDestroyDecoder(decoder);
  free(stream);
  if (fflush(stdout) != 0) {
    fprintf(stderr, "openh264-decode: cannot write stdout\n");
    return 1;
  }
  if (status == 0) fprintf(stderr, "openh264: %d frames %dx%d\n", frames, width, height);
  return status;
}
