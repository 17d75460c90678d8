"""OpenCV + libjpeg-turbo doing frame-processor's job in one thread, timed stage by stage.

usage: python3 opencv_peer.py FRAME.jpg SIGMA RADIUS QUALITY RUNS [K REDUCED_RADIUS]

Runs the pipeline RUNS times in this process (after 2 warm-up runs) in two variants and prints
one JSON object with the median milliseconds of each stage:
  grey:   cv2.imdecode(IMREAD_GRAYSCALE) (libjpeg-turbo decodes only the luma channel)
  colour: cv2.imdecode(IMREAD_COLOR) + cvtColor(BGR2GRAY) (a full colour decode, like ours)
then GaussianBlur (kernel 2*RADIUS+1, the same sigma), Sobel dx and dy (3x3, CV_16S),
magnitude = sqrt(gx^2 + gy^2) truncated and clamped to 255, the (w-2) x (h-2) valid region,
and cv2.imencode('.jpg', quality QUALITY).
With K (2, 4 or 8) it also runs the same reduced-resolution trick as frame-processor's fast path:
  reduced grey / reduced colour: IMREAD_REDUCED_GRAYSCALE_K / IMREAD_REDUCED_COLOR_K (+ cvtColor),
  libjpeg-turbo's scaled IDCT; GaussianBlur with SIGMA / K (kernel 2*REDUCED_RADIUS+1);
  resize back to the frame's size with INTER_CUBIC; then the same Sobel, magnitude and encode.
"""
import json
import statistics
import sys
import time

import cv2
import numpy as np


REDUCED = {2: (cv2.IMREAD_REDUCED_GRAYSCALE_2, cv2.IMREAD_REDUCED_COLOR_2),
           4: (cv2.IMREAD_REDUCED_GRAYSCALE_4, cv2.IMREAD_REDUCED_COLOR_4),
           8: (cv2.IMREAD_REDUCED_GRAYSCALE_8, cv2.IMREAD_REDUCED_COLOR_8)}


def edges(grey, sigma, radius, full_size=None):
    size = 2 * radius + 1
    blurred = cv2.GaussianBlur(grey, (size, size), sigma) if radius > 0 else grey
    if full_size is not None:
        blurred = cv2.resize(blurred, full_size, interpolation=cv2.INTER_CUBIC)
    return sobel_magnitude(blurred)


def sobel_magnitude(blurred):
    gx = cv2.Sobel(blurred, cv2.CV_16S, 1, 0, ksize=3).astype(np.float32)
    gy = cv2.Sobel(blurred, cv2.CV_16S, 0, 1, ksize=3).astype(np.float32)
    magnitude = np.minimum(cv2.magnitude(gx, gy), 255.0)
    return np.ascontiguousarray(magnitude[1:-1, 1:-1]).astype(np.uint8)


def decode(data, mode, k):
    if mode == "grey":
        return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    if mode == "colour":
        return cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)
    grey_flag, colour_flag = REDUCED[k]
    if mode == "reducedGrey":
        return cv2.imdecode(data, grey_flag)
    return cv2.cvtColor(cv2.imdecode(data, colour_flag), cv2.COLOR_BGR2GRAY)


def run_once(data, mode, blur, quality):
    sigma, radius, k, full_size = blur[mode]
    t0 = time.perf_counter()
    grey = decode(data, mode, k)
    t1 = time.perf_counter()
    out = edges(grey, sigma, radius, full_size)
    t2 = time.perf_counter()
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    t3 = time.perf_counter()
    if not ok:
        raise RuntimeError("imencode failed")
    ms = lambda a, b: (b - a) * 1000.0
    return {"decodeMs": ms(t0, t1), "kernelMs": ms(t1, t2), "encodeMs": ms(t2, t3), "totalMs": ms(t0, t3), "outputBytes": len(jpeg)}


def medians(samples):
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def bench(data, mode, blur, quality, runs):
    for _ in range(2):
        run_once(data, mode, blur, quality)
    return medians([run_once(data, mode, blur, quality) for _ in range(runs)])


def main(argv):
    path, sigma, radius, quality, runs = argv[1], float(argv[2]), int(argv[3]), int(argv[4]), int(argv[5])
    cv2.setNumThreads(1)
    with open(path, "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8)
    blur = {"grey": (sigma, radius, 1, None), "colour": (sigma, radius, 1, None)}
    if len(argv) > 7:
        k, reduced_radius = int(argv[6]), int(argv[7])
        height, width = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE).shape
        for mode in ("reducedGrey", "reducedColour"):
            blur[mode] = (sigma / k, reduced_radius, k, (width, height))
    result = {mode: bench(data, mode, blur, quality, runs) for mode in blur}
    result["version"] = "OpenCV %s, numpy %s, python %s" % (cv2.__version__, np.__version__, sys.version.split()[0])
    result["threads"] = cv2.getNumThreads()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
